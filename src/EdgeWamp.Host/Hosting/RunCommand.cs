using EdgeWamp.Host.Cli;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Router;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EdgeWamp.Host.Hosting;

/// <summary><c>edgewamp run [--config FILE]</c>: load and validate the configuration, then host the router until stopped.</summary>
internal static class RunCommand
{
    /// <summary>Environment variable naming the minimum log level (Trace, Debug, Information, Warning, Error).</summary>
    public const string LogLevelVariable = "EDGEWAMP_LOG_LEVEL";

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
        builder.Logging.SetMinimumLevel(ReadLogLevel());
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Services.AddSingleton(loaded.Config!);
        builder.Services.AddSingleton(provider => RouterFactory.Create(loaded.Config!, provider.GetRequiredService<ILogger<WampRouter>>()));
        builder.Services.AddHostedService<RouterService>();

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
