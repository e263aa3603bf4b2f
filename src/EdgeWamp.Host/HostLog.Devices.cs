using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host;

/// <summary>Host log events for the device bridge, 5170-5179.</summary>
internal static partial class HostLog
{
    [LoggerMessage(5170, LogLevel.Information, "Devices: board '{Board}', {Pins} pins, {Sensors} sensors, system metrics {System}, in realm {Realm}")]
    public static partial void DevicesStarting(this ILogger logger, string board, int pins, int sensors, string system, string realm);

    [LoggerMessage(5171, LogLevel.Warning, "Devices: not attached: {Reason}")]
    public static partial void DevicesNotAttached(this ILogger logger, string reason);

    [LoggerMessage(5172, LogLevel.Error, "Sensor {Sensor}: cannot create the '{Driver}' driver: {Error}")]
    public static partial void SensorDriverUnavailable(this ILogger logger, string sensor, string driver, string error);
}
