using EdgeWamp.Host.Hosting;
using EdgeWamp.Router;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Systemd;

/// <summary>
/// Sends systemd's watchdog keep-alive (<c>WATCHDOG=1</c>, sd_watchdog_enabled(3)) only while the router is
/// healthy, so that systemd restarts a router whose routing is stuck, not only one that has exited.
/// </summary>
/// <remarks>
/// Every half watchdog period (the interval sd_watchdog_enabled(3) recommends), after the host has started:
/// 1. every realm's routing lock must be free within a quarter period (<see cref="WampRouter.IsResponsive"/>):
///    a dispatch stuck that long means routing in that realm is dead;
/// 2. every listener's accept loop must still be running (<see cref="RouterService.AreListenersAccepting"/>);
/// 3. only then WATCHDOG=1 goes out. The check itself runs on the thread pool, so a starved pool also withholds it.
/// A failed check is logged and the ping withheld; systemd kills the process when a whole period passes without
/// one (WatchdogSec= in systemd/edgewamp.service) and Restart=on-failure starts it again.
/// </remarks>
internal sealed class WatchdogService : BackgroundService
{
    private readonly ISystemdNotifier _notifier;
    private readonly ServiceManagerEnvironment _environment;
    private readonly WampRouter _router;
    private readonly RouterService _listeners;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<WatchdogService> _logger;

    public WatchdogService(
        ISystemdNotifier notifier,
        ServiceManagerEnvironment environment,
        WampRouter router,
        RouterService listeners,
        IHostApplicationLifetime lifetime,
        ILogger<WatchdogService> logger)
    {
        _notifier = notifier;
        _environment = environment;
        _router = router;
        _listeners = listeners;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>The notification systemd's watchdog waits for.</summary>
    public static ServiceState Ping { get; } = new("WATCHDOG=1");

    /// <summary>Checks the router once, within <paramref name="bound"/> per realm; <paramref name="problem"/> says what is wrong.</summary>
    public bool IsHealthy(TimeSpan bound, out string? problem)
    {
        if (!_router.IsResponsive(bound, out string? stuckRealm))
        {
            problem = $"routing in realm '{stuckRealm}' has been blocked for over {bound.TotalMilliseconds:0} ms";
            return false;
        }

        if (!_listeners.AreListenersAccepting(out string? stopped))
        {
            problem = $"listener {stopped} no longer accepts connections";
            return false;
        }

        problem = null;
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled || _environment.WatchdogPeriod is not { } period)
        {
            return;
        }

        TimeSpan interval = period / 2;
        TimeSpan bound = period / 4;
        _logger.WatchdogEnabled(period.TotalMilliseconds, interval.TotalMilliseconds);

        // The first ping follows READY=1, which SystemdLifetime sends when the host has started.
        if (!await WaitForStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        do
        {
            if (IsHealthy(bound, out string? problem))
            {
                _notifier.Notify(Ping);
            }
            else
            {
                _logger.WatchdogWithheld(problem);
            }
        }
        while (await WaitForTickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task<bool> WaitForStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration onStarted = _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using CancellationTokenRegistration onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async ValueTask<bool> WaitForTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
