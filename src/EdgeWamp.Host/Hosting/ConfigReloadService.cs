using EdgeWamp.Router;
using System.Runtime.InteropServices;
using EdgeWamp.Host.Cli;
using EdgeWamp.Host.Configuration;
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
/// 3. roles, permissions and the anonymous role of each realm that exists before and after are applied at once,
///    to established sessions too (<see cref="Realm.ReplaceRoles"/>): that is what an operator changes most, and
///    a permission taken away must not wait for a restart;
/// 4. every other change (realms added or removed, a realm's event settings, listeners, limits, uplinks, other
///    authentication entries) is bound into listeners and live sessions at start, so it is logged as needing a
///    restart and the router keeps running on the configuration it started with.
/// SIGHUP's default action would end the process; handling it keeps the router up whatever the file says.
/// </remarks>
internal sealed class ConfigReloadService : IHostedPart, IDisposable
{
    private readonly string? _configPath;
    private readonly EdgeWampConfig _running;
    private readonly WampRouter? _router;
    private readonly ILogger<ConfigReloadService> _logger;
    private readonly Lock _reloading = new();
    private PosixSignalRegistration? _sighup;

    public ConfigReloadService(RunOptions options, EdgeWampConfig running, ILogger<ConfigReloadService> logger, WampRouter? router = null)
    {
        _configPath = options.ConfigPath;
        _running = running;
        _logger = logger;
        _router = router;
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

            ApplyRoles(loaded.Source, loaded.Config);
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

    /// <summary>
    /// Applies the roles and anonymous role of each realm that exists in both configurations, then records them as
    /// running, so only what still differs is reported as needing a restart.
    /// </summary>
    private void ApplyRoles(string source, EdgeWampConfig loaded)
    {
        if (_router is null)
        {
            return;
        }

        foreach (RealmConfig realm in _running.Realms)
        {
            RealmConfig? next = loaded.Realms.FirstOrDefault(candidate => candidate.Name == realm.Name);
            Realm? live = _router.FindRealm(System.Text.Encoding.UTF8.GetBytes(realm.Name));
            if (next is null || live is null)
            {
                continue;
            }

            string? anonymous = RouterFactory.AnonymousRoleOf(realm.Name, loaded.Authentication);
            bool rolesChanged = !SameRoles(realm, next);
            if (!rolesChanged && anonymous == live.AnonymousRole)
            {
                continue;
            }

            int closed = live.ReplaceRoles(next.Roles.Select(RouterFactory.CreateRole).ToList(), anonymous);
            realm.Roles = next.Roles;
            _logger.ReloadAppliedRoles(source, realm.Name, closed);
        }

        // The anonymous entries are applied above: only other authentication changes still need a restart.
        _running.Authentication.Anonymous = loaded.Authentication.Anonymous;
    }

    private static bool SameRoles(RealmConfig a, RealmConfig b) =>
        System.Text.Json.JsonSerializer.Serialize(a.Roles, EdgeWampJsonContext.Default.IReadOnlyListRoleConfig)
        == System.Text.Json.JsonSerializer.Serialize(b.Roles, EdgeWampJsonContext.Default.IReadOnlyListRoleConfig);

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
