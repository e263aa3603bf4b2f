using System.Runtime.InteropServices;
using EdgeWamp.Host.Cli;
using EdgeWamp.Host.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary>
/// SIGHUP (<c>systemctl reload edgewamp</c>): re-reads and validates the configuration file and logs what it found.
/// </summary>
/// <remarks>
/// On each SIGHUP:
/// 1. load the configuration the way <c>edgewamp run</c> chose it (the same <c>--config</c> file, or
///    /etc/edgewamp/config.json, or the embedded default), with the same validation;
/// 2. an invalid file is logged, every error with its line and column, and ignored: the router keeps running;
/// 3. a valid one is compared with the running configuration (<see cref="ConfigChanges"/>) and each change is
///    logged. Realms, roles, authentication, listeners, limits and uplinks are all wired into the router and its
///    listeners when it starts and none of them can be swapped safely under live sessions yet, so each change is
///    logged as needing a restart and the router keeps running on the configuration it started with.
/// SIGHUP's default action would end the process; handling it keeps the router up whatever the file says.
/// </remarks>
internal sealed class ConfigReloadService : IHostedService, IDisposable
{
    private readonly string? _configPath;
    private readonly EdgeWampConfig _running;
    private readonly ILogger<ConfigReloadService> _logger;
    private readonly Lock _reloading = new();
    private PosixSignalRegistration? _sighup;

    public ConfigReloadService(RunOptions options, EdgeWampConfig running, ILogger<ConfigReloadService> logger)
    {
        _configPath = options.ConfigPath;
        _running = running;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSighup);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _sighup?.Dispose();
        _sighup = null;
    }

    /// <summary>Loads and checks the configuration and logs the outcome; returns the changes found (empty if invalid or unchanged).</summary>
    public IReadOnlyList<string> Reload()
    {
        lock (_reloading)
        {
            ConfigLoadResult loaded = ConfigSelection.LoadForRun(_configPath);
            if (!loaded.IsValid)
            {
                _logger.ReloadRejected(loaded.Source, loaded.Errors.Count, string.Join(Environment.NewLine, loaded.Errors));
                return [];
            }

            IReadOnlyList<string> changes = ConfigChanges.Between(_running, loaded.Config);
            if (changes.Count == 0)
            {
                _logger.ReloadUnchanged(loaded.Source);
                return changes;
            }

            foreach (string change in changes)
            {
                _logger.ReloadNeedsRestart(loaded.Source, change);
            }

            _logger.ReloadKeptRunning(changes.Count);
            return changes;
        }
    }

    private void OnSighup(PosixSignalContext context)
    {
        context.Cancel = true;
        _logger.ReloadRequested();
        // Off the signal-handling thread: loading reads a file.
        _ = Task.Run(() =>
        {
            try
            {
                Reload();
            }
            catch (Exception exception)
            {
                // A reload must never take the router down.
                _logger.ReloadFailed(exception);
            }
        });
    }
}
