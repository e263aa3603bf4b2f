using EdgeWamp.Host.Cli;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Systemd;
using EdgeWamp.Router;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

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

        // An empty builder: no appsettings files or command-line configuration, only what EdgeWamp's own config says.
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var serviceManager = ServiceManagerEnvironment.FromProcess();
        builder.Logging.SetMinimumLevel(ReadLogLevel());
        if (serviceManager.IsJournalStream)
        {
            // journald: one line per entry with a <N> syslog priority prefix, and journald adds the timestamp.
            builder.Logging.AddSystemdConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
                options.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(new RunOptions(configPath));
        builder.Services.AddSingleton(loaded.Config!);
        builder.Services.AddSingleton(provider => RouterFactory.Create(loaded.Config!, provider.GetRequiredService<ILogger<WampRouter>>()));

        // Under a service manager (NOTIFY_SOCKET, Type=notify): READY=1 once every hosted service has started, which
        // is after RouterService bound every listener; STOPPING=1 on SIGTERM.
        builder.Services.AddSingleton(serviceManager);
        builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        if (serviceManager.HasNotifySocket)
        {
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        builder.Services.AddSingleton<InheritedSockets>();
        // Hosted services start in this order. SIGHUP handling first: a SIGHUP while the listeners bind must not
        // end the process (its default action).
        builder.Services.AddHostedService<ConfigReloadService>();
        // Uplinks before the listeners: their local subscriptions exist before the first client can publish.
        builder.Services.AddHostedService<EdgeWamp.Host.Uplinks.UplinkService>();
        builder.Services.AddSingleton<RouterService>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RouterService>());
        // After the router's listeners, so it stops (safe states, sessions leave) before the router shuts down.
        builder.Services.AddHostedService<DeviceService>();
        builder.Services.AddHostedService<WatchdogService>();

        using IHost host = builder.Build();
        host.Services.GetRequiredService<ILogger<RouterService>>().ConfigLoaded(loaded.Source, VersionInfo.Version);
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (ListenerStartException exception)
        {
            await Console.Error.WriteLineAsync($"edgewamp: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidConfig;
        }

        return ExitCodes.Success;
    }

    private static LogLevel ReadLogLevel() =>
        Enum.TryParse(Environment.GetEnvironmentVariable(LogLevelVariable), ignoreCase: true, out LogLevel level) ? level : LogLevel.Information;
}
