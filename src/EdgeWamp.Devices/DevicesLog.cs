using Microsoft.Extensions.Logging;

namespace EdgeWamp.Devices;

/// <summary>Devices log events, 4000-4999 (STYLE.md, "Logging").</summary>
internal static partial class DevicesLog
{
    [LoggerMessage(4000, LogLevel.Information, "{Session} joined realm {Realm} as session {SessionId}")]
    public static partial void LocalSessionJoined(this ILogger logger, string session, string realm, ulong sessionId);

    [LoggerMessage(4001, LogLevel.Warning, "{Session}: the router ended the session ({Reason})")]
    public static partial void LocalSessionEnded(this ILogger logger, string session, string reason);

    [LoggerMessage(4002, LogLevel.Warning, "{Session}: the router refused {Request}: {Error}")]
    public static partial void LocalRequestFailed(this ILogger logger, string session, string request, string error);

    [LoggerMessage(4003, LogLevel.Warning, "{Session}: messages from the router are arriving faster than they are handled; one was dropped")]
    public static partial void LocalInboxFull(this ILogger logger, string session);

    [LoggerMessage(4004, LogLevel.Error, "{Session}: an invocation handler failed")]
    public static partial void InvocationHandlerFailed(this ILogger logger, string session, Exception exception);

    [LoggerMessage(4010, LogLevel.Debug, "Line bridge {Bridge}: no rule matched the line \"{Line}\"")]
    public static partial void LineUnmatched(this ILogger logger, string bridge, string line);

    [LoggerMessage(4011, LogLevel.Debug, "Line bridge {Bridge}: '{Value}' is not a valid {Type} for {Key}")]
    public static partial void LineValueInvalid(this ILogger logger, string bridge, string key, string value, string type);

    [LoggerMessage(4012, LogLevel.Debug, "Line bridge {Bridge}: a line arrived before the bridge joined its realm; dropped")]
    public static partial void LineBeforeJoin(this ILogger logger, string bridge);

    [LoggerMessage(4020, LogLevel.Warning, "Sensor {Sensor}: {Error}; retrying with backoff (status on its status topic)")]
    public static partial void SensorFailed(this ILogger logger, string sensor, string error);

    [LoggerMessage(4021, LogLevel.Debug, "Sensor {Sensor}: failure {Failures} in a row ({Error}); next try in {Seconds} s")]
    public static partial void SensorStillFailing(this ILogger logger, string sensor, int failures, string error, double seconds);

    [LoggerMessage(4022, LogLevel.Information, "Sensor {Sensor}: reading again after {Failures} failed attempts")]
    public static partial void SensorRecovered(this ILogger logger, string sensor, int failures);

    [LoggerMessage(4030, LogLevel.Information, "GPIO: {Count} pins attached ({Pins})")]
    public static partial void GpioAttached(this ILogger logger, int count, string pins);

    [LoggerMessage(4031, LogLevel.Warning, "GPIO pin {Pin}: {Error}")]
    public static partial void GpioPinFailed(this ILogger logger, string pin, string error);

    [LoggerMessage(4032, LogLevel.Warning, "GPIO pin {Pin}: could not apply its safe state on shutdown: {Error}")]
    public static partial void GpioSafeStateFailed(this ILogger logger, string pin, string error);
}
