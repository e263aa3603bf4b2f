using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host;

/// <summary>Host log events, 5000-5999 (STYLE.md, "Logging").</summary>
internal static partial class HostLog
{
    [LoggerMessage(5000, LogLevel.Information, "edgewamp {Version} starting with configuration {Source}")]
    public static partial void ConfigLoaded(this ILogger logger, string source, string version);

    [LoggerMessage(5001, LogLevel.Warning, "Listener {Address} is not served: {Reason}")]
    public static partial void ListenerNotServed(this ILogger logger, string address, string reason);
}
