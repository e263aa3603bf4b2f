using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host;

/// <summary>Host log events, 5000-5999 (STYLE.md, "Logging").</summary>
internal static partial class HostLog
{
    [LoggerMessage(5000, LogLevel.Information, "edgewamp {Version} starting with configuration {Source}")]
    public static partial void ConfigLoaded(this ILogger logger, string source, string version);

    [LoggerMessage(5001, LogLevel.Warning, "Listener {Address} is served only in part: {Reason}")]
    public static partial void ListenerPartlyServed(this ILogger logger, string address, string reason);

    // 5100-5199: running as a service (systemd notifications, watchdog, socket activation, signals).

    [LoggerMessage(5100, LogLevel.Information, "Watchdog: period {PeriodMs} ms, health checked and WATCHDOG=1 sent every {IntervalMs} ms")]
    public static partial void WatchdogEnabled(this ILogger logger, double periodMs, double intervalMs);

    [LoggerMessage(5101, LogLevel.Error, "Watchdog: not sending WATCHDOG=1: {Problem}")]
    public static partial void WatchdogWithheld(this ILogger logger, string? problem);

    [LoggerMessage(5110, LogLevel.Information, "Listener {EndPoint} uses the socket passed by the service manager (socket activation)")]
    public static partial void InheritedSocketUsed(this ILogger logger, string endPoint);

    [LoggerMessage(5111, LogLevel.Warning, "The socket {EndPoint} passed by the service manager matches no listener in the configuration; closing it")]
    public static partial void InheritedSocketUnclaimed(this ILogger logger, string endPoint);

    [LoggerMessage(5112, LogLevel.Warning, "File descriptor {Fd} passed by the service manager (LISTEN_FDS) is not a usable socket: {Reason}")]
    public static partial void InheritedFdUnusable(this ILogger logger, int fd, string reason);

    [LoggerMessage(5120, LogLevel.Information, "SIGHUP: reloading the configuration")]
    public static partial void ReloadRequested(this ILogger logger);

    [LoggerMessage(5121, LogLevel.Error, "Reload: {Source} is invalid ({Count} errors); ignored, the router keeps running on its current configuration:\n{Errors}")]
    public static partial void ReloadRejected(this ILogger logger, string source, int count, string errors);

    [LoggerMessage(5122, LogLevel.Information, "Reload: {Source} is valid and the same as the running configuration")]
    public static partial void ReloadUnchanged(this ILogger logger, string source);

    [LoggerMessage(5123, LogLevel.Warning, "Reload: {Source}: {Change}; this needs a restart (systemctl restart edgewamp) to take effect")]
    public static partial void ReloadNeedsRestart(this ILogger logger, string source, string change);

    [LoggerMessage(5124, LogLevel.Warning, "Reload: {Count} changes need a restart; until then the router keeps running on the configuration it started with")]
    public static partial void ReloadKeptRunning(this ILogger logger, int count);

    [LoggerMessage(5125, LogLevel.Error, "Reload failed unexpectedly; the router keeps running on its current configuration")]
    public static partial void ReloadFailed(this ILogger logger, Exception exception);

    [LoggerMessage(5130, LogLevel.Warning, "Shutdown: connections did not close within the shutdown timeout ({TimeoutSeconds} s); exiting anyway")]
    public static partial void ShutdownTimedOut(this ILogger logger, double timeoutSeconds);

    [LoggerMessage(5131, LogLevel.Information, "Reload of {Source}: roles of realm {Realm} applied to new and established sessions ({Closed} sessions closed: their role was removed)")]
    public static partial void ReloadAppliedRoles(this ILogger logger, string source, string realm, int closed);

    // 5140-5149: the host (Hosting/ServiceHost). 5190 is the log output's own "entries dropped" line (Logging/LogOutput).

    [LoggerMessage(5140, LogLevel.Information, "Application started: {Parts} parts running; SIGTERM or Ctrl+C stops the router")]
    public static partial void HostStarted(this ILogger logger, int parts);

    [LoggerMessage(5141, LogLevel.Information, "Application is shutting down")]
    public static partial void HostStopping(this ILogger logger);

    [LoggerMessage(5142, LogLevel.Warning, "Shutdown: {Part} did not stop within the shutdown timeout ({TimeoutSeconds} s); not waiting for it")]
    public static partial void PartStopTimedOut(this ILogger logger, string part, double timeoutSeconds);

    [LoggerMessage(5143, LogLevel.Error, "Shutdown: {Part} failed to stop")]
    public static partial void PartStopFailed(this ILogger logger, string part, Exception exception);

    [LoggerMessage(5144, LogLevel.Critical, "edgewamp cannot start")]
    public static partial void StartFailed(this ILogger logger, Exception exception);
}
