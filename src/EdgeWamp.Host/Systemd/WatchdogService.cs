using EdgeWamp.Host.Hosting;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Systemd;

/// <summary>
/// Sends systemd's watchdog keep-alive (<c>WATCHDOG=1</c>, sd_watchdog_enabled(3)) only while the router is
/// healthy, so that systemd restarts a router whose routing is stuck, not only one that has exited.
/// </summary>
/// <remarks>
/// Every half watchdog period (the interval sd_watchdog_enabled(3) recommends), after the host has started (READY=1):
/// 1. every realm's routing lock must be free within a quarter period (<see cref="WampRouter.IsResponsive"/>):
///    a dispatch stuck that long means routing in that realm is dead;
/// 2. every listener's accept loop must still be running (<see cref="RouterService.AreListenersAccepting"/>);
/// 3. only then WATCHDOG=1 goes out. The check itself runs on the thread pool, so a starved pool also withholds it.
/// A failed check is logged and the ping withheld; systemd kills the process when a whole period passes without
/// one (WatchdogSec= in systemd/edgewamp.service) and Restart=on-failure starts it again.
/// </remarks>
internal sealed class WatchdogService : IHostedPart, IDisposable
{
    private readonly NotifySocket _notifier;
    private readonly ServiceManagerEnvironment _environment;
    private readonly WampRouter _router;
    private readonly RouterService _listeners;
    private readonly Task _hostStarted;
    private readonly ILogger<WatchdogService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    /// <param name="hostStarted">Completes when every part has started and READY=1 went out (<see cref="ServiceHost.Started"/>).</param>
    public WatchdogService(
        NotifySocket notifier,
        ServiceManagerEnvironment environment,
        WampRouter router,
        RouterService listeners,
        Task hostStarted,
        ILogger<WatchdogService> logger)
    {
        _notifier = notifier;
        _environment = environment;
        _router = router;
        _listeners = listeners;
        _hostStarted = hostStarted;
        _logger = logger;
    }

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

    /// <summary>Starts the ping loop in the background; it waits for the host to have started.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = PingAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Ends the ping loop: no WATCHDOG=1 after STOPPING=1.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task PingAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled || _environment.WatchdogPeriod is not { } period)
        {
            return;
        }

        TimeSpan interval = period / 2;
        TimeSpan bound = period / 4;
        _logger.WatchdogEnabled(period.TotalMilliseconds, interval.TotalMilliseconds);

        // The first ping follows READY=1, which the host sends when every part has started.
        if (!await WaitForStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        do
        {
            if (IsHealthy(bound, out string? problem))
            {
                _notifier.Notify(NotifySocket.Watchdog);
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
        try
        {
            await _hostStarted.WaitAsync(stoppingToken).ConfigureAwait(false);
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
