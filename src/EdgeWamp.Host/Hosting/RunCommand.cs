using EdgeWamp.Host.Cli;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Logging;
using EdgeWamp.Host.Systemd;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary><c>edgewamp run [--config FILE]</c>: load and validate the configuration, then host the router until stopped.</summary>
internal static class RunCommand
{
    /// <summary>Environment variable naming the minimum log level (Trace, Debug, Information, Warning, Error).</summary>
    public const string LogLevelVariable = "EDGEWAMP_LOG_LEVEL";

    /// <summary>
    /// How long shutdown (GOODBYE to every session, then closing connections once their queues are sent) may take
    /// before the process exits anyway: well inside systemd's TimeoutStopSec= (systemd/edgewamp.service).
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string? configPath)
    {
        ConfigLoadResult loaded = ConfigSelection.LoadForRun(configPath);
        if (!loaded.IsValid)
        {
            CheckConfigCommand.WriteErrors(loaded, Console.Error);
            return ExitCodes.InvalidConfig;
        }

        // Logs: one line per entry on standard output; under journald with its syslog priority and no timestamp.
        var serviceManager = ServiceManagerEnvironment.FromProcess();
        using var loggerFactory = new LineLoggerFactory(
            LogOutput.ForStandardOutput(serviceManager.IsJournalStream ? LogFormat.Journal : LogFormat.Console), ReadLogLevel());
        ILogger<RouterService> routerServiceLogger = loggerFactory.CreateLogger<RouterService>();
        routerServiceLogger.ConfigLoaded(loaded.Source, VersionInfo.Version);

        // Under a service manager (NOTIFY_SOCKET, Type=notify): READY=1 once every part has started, which is after
        // RouterService bound every listener; STOPPING=1 on SIGTERM.
        using NotifySocket notify = NotifySocket.FromProcess();
        using var host = new ServiceHost(ShutdownTimeout, notify, loggerFactory.CreateLogger<ServiceHost>());
        // Before anything starts: a SIGTERM while the listeners bind stops the router cleanly instead of killing it.
        using var stopSignals = new StopSignals(host.RequestStop);

        EdgeWampConfig config = loaded.Config!;
        WampRouter router = RouterFactory.Create(config, loggerFactory.CreateLogger<WampRouter>());
        using var inherited = new InheritedSockets(serviceManager, loggerFactory.CreateLogger<InheritedSockets>());
        var routerService = new RouterService(config, router, inherited, routerServiceLogger, loggerFactory);

        // The parts start in this order and stop in reverse. SIGHUP handling first: a SIGHUP while the listeners
        // bind must not end the process (its default action).
        using var configReload = new ConfigReloadService(new RunOptions(configPath), config, loggerFactory.CreateLogger<ConfigReloadService>(), router);
        host.Add(configReload);
        // Uplinks before the listeners: their local subscriptions exist before the first client can publish.
        host.Add(new EdgeWamp.Host.Uplinks.UplinkService(config, router, loggerFactory));
        host.Add(routerService);
        // After the router's listeners, so it stops (safe states, sessions leave) before the router shuts down.
        host.Add(new DeviceService(config, router, loggerFactory.CreateLogger<DeviceService>(), loggerFactory));
        using var watchdog = new WatchdogService(notify, serviceManager, router, routerService, host.Started, loggerFactory.CreateLogger<WatchdogService>());
        host.Add(watchdog);

        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (ListenerStartException exception)
        {
            await Console.Error.WriteLineAsync($"edgewamp: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidConfig;
        }
        catch (Exception exception)
        {
            // A part failed to start in a way nobody foresaw: the log gets the stack trace, stderr one line as for a
            // listener that cannot bind, and a non-zero exit (systemd's Restart=on-failure tries again).
            loggerFactory.CreateLogger<ServiceHost>().StartFailed(exception);
            await Console.Error.WriteLineAsync($"edgewamp: cannot start: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.StartFailed;
        }

        return ExitCodes.Success;
    }

    private static LogLevel ReadLogLevel() =>
        Enum.TryParse(Environment.GetEnvironmentVariable(LogLevelVariable), ignoreCase: true, out LogLevel level) ? level : LogLevel.Information;
}
