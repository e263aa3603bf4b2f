using EdgeWamp.Host.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary>
/// Runs the parts of <c>edgewamp run</c> from start to stop, and tells the service manager (sd_notify) when the
/// router is ready and when it is stopping.
/// </summary>
/// <remarks>
/// EdgeWamp's own host in place of the .NET Generic Host: it needs none of the dependency injection, configuration
/// or options machinery, and leaving it out keeps the Native AOT binary and its memory small (docs/performance.md).
/// <see cref="RunAsync"/>:
/// 1. starts each part in the order added, each after the one before has started;
/// 2. a part that fails to start stops the parts already started (in reverse order) and the failure is rethrown;
///    a stop requested while starting stops what has started and returns as a clean stop;
/// 3. once every part has started: READY=1 to the service manager, then <see cref="Started"/> completes;
/// 4. waits for <see cref="RequestStop"/> (SIGTERM or SIGINT through <see cref="StopSignals"/>);
/// 5. STOPPING=1, then stops the parts in reverse order, all of them within the shutdown timeout: once it has
///    passed, each remaining part is still asked to stop (with a cancelled token) but not waited for.
/// </remarks>
internal sealed class ServiceHost : IDisposable
{
    private readonly List<IHostedPart> _parts = [];
    private readonly TimeSpan _shutdownTimeout;
    private readonly NotifySocket _notify;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServiceHost(TimeSpan shutdownTimeout, NotifySocket notify, ILogger<ServiceHost> logger)
    {
        _shutdownTimeout = shutdownTimeout;
        _notify = notify;
        _logger = logger;
    }

    /// <summary>Completes when every part has started and READY=1 has been sent; never completes if start fails.</summary>
    public Task Started => _started.Task;

    /// <summary>Adds a part; parts start in the order added.</summary>
    public void Add(IHostedPart part) => _parts.Add(part);

    /// <summary>Asks the host to stop; safe from any thread (a signal handler) and more than once.</summary>
    public void RequestStop()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The host has finished: nothing is left to stop.
        }
    }

    /// <summary>Starts every part, runs until <see cref="RequestStop"/>, then stops them; throws what a failed start threw.</summary>
    public async Task RunAsync()
    {
        int started = 0;
        try
        {
            while (started < _parts.Count)
            {
                await _parts[started].StartAsync(_stopping.Token).ConfigureAwait(false);
                started++;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped before it was ready: a clean stop of what did start.
            _logger.HostStopping();
            _notify.Notify(NotifySocket.Stopping);
            await StopAsync(started).ConfigureAwait(false);
            return;
        }
        catch (Exception)
        {
            await StopAsync(started).ConfigureAwait(false);
            throw;
        }

        _notify.Notify(NotifySocket.Ready);
        _started.TrySetResult();
        _logger.HostStarted(_parts.Count);

        await WaitForStopAsync().ConfigureAwait(false);
        _logger.HostStopping();
        _notify.Notify(NotifySocket.Stopping);
        await StopAsync(_parts.Count).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WaitForStopAsync()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_stopping.Token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), stopped))
        {
            await stopped.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Stops the first <paramref name="count"/> parts, last first, within the shutdown timeout together.</summary>
    private async Task StopAsync(int count)
    {
        using var timeout = new CancellationTokenSource(_shutdownTimeout);
        for (int i = count - 1; i >= 0; i--)
        {
            IHostedPart part = _parts[i];
            try
            {
                await part.StopAsync(timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                _logger.PartStopTimedOut(part.GetType().Name, _shutdownTimeout.TotalSeconds);
            }
            catch (Exception exception)
            {
                // One part failing to stop must not keep the others running (outputs in their safe state, queues closed).
                _logger.PartStopFailed(part.GetType().Name, exception);
            }
        }
    }
}
