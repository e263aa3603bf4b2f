using System.Threading.Channels;
using EdgeWamp.Client;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// A link from this router to an upstream (a WAMP router such as Crossbar.io, Bondy or another EdgeWamp, or an MQTT
/// broker): local events up, upstream events down, and for WAMP local procedures callable from upstream and upstream
/// procedures callable locally, all under the uplink's prefix. The local side is a <see cref="WampClientSession"/>
/// inside this router (<see cref="LocalClientTransport"/>); the upstream side comes from an <see cref="IUpstreamConnector"/>.
/// </summary>
/// <remarks>
/// Life cycle:
/// 1. <see cref="StartAsync"/> joins the local realm, subscribes to the <c>publish</c> prefixes, registers a proxy for
///    each <c>call</c> prefix and the status procedure;
/// 2. a loop connects upstream, sends what the durable queue holds (in order, each confirmed before it is removed),
///    then forwards until the connection ends, and reconnects after an exponential backoff with jitter;
/// 3. <see cref="DisposeAsync"/> leaves both sides; the durable queue stays on disk.
/// No message is looped back: every PUBLISH keeps WAMP's default exclude_me, so an event the uplink republished on one
/// side never reaches its own subscription there, and the configuration refuses <c>register</c> and <c>call</c>
/// prefixes that overlap.
/// </remarks>
internal sealed class Uplink : IAsyncDisposable
{
    private const string OfflineError = "edgewamp.error.uplink_offline";
    private const int ForwardCapacity = 1024;
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly UplinkConfig _config;
    private readonly IUpstreamConnector _connector;
    private readonly WampRouter _router;
    private readonly string _localRealm;
    private readonly UplinkRules _rules;
    private readonly SegmentQueue? _queue;
    private readonly Lock _queueLock = new();
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<(string Topic, WampPayload Payload)> _upward = Channel.CreateBounded<(string, WampPayload)>(new BoundedChannelOptions(ForwardCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Channel<(string Topic, WampPayload Payload)> _downward = Channel.CreateBounded<(string, WampPayload)>(new BoundedChannelOptions(ForwardCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Channel<bool> _queueSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly UpstreamDelivery _delivery;
    private WampClientSession? _local;
    private volatile IUpstreamSession? _upstream;
    private Task? _running;
    private Task? _delivering;
    private UplinkState _state = UplinkState.Connecting;
    private string _reason = "starting";

    public Uplink(UplinkConfig config, IUpstreamConnector connector, WampRouter router, string localRealm, SegmentQueue? queue, ILogger logger)
    {
        _config = config;
        _connector = connector;
        _router = router;
        _localRealm = localRealm;
        _rules = new UplinkRules(config);
        _queue = queue;
        _logger = logger;
        _backoff = new ReconnectBackoff(InitialBackoff, TimeSpan.FromSeconds(config.MaxBackoffSeconds), Random.Shared);
        _delivery = new UpstreamDelivery { Event = OnUpstreamEvent, Call = CallLocalAsync };
    }

    public string Name => _config.Name;

    public UplinkCounters Counters { get; } = new();

    public string StateTopic => $"edgewamp.uplink.{_config.Name}.state";

    public string QueueTopic => $"edgewamp.uplink.{_config.Name}.queue";

    public string StatusProcedure => $"edgewamp.uplink.{_config.Name}.status";

    /// <summary>Joins the local realm and starts connecting upstream.</summary>
    /// <exception cref="WampConnectionException">The local realm refused the uplink's session.</exception>
    /// <exception cref="WampException">The local router refused a subscription or registration (permissions).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var transport = new LocalClientTransport(_router, AuthMethods.Trusted, $"uplink {_config.Name}");
        var authenticator = new TrustedClientAuthenticator($"uplink {_config.Name}", _config.LocalAuthrole);
        _local = await WampClientSession.JoinAsync(transport, _localRealm, authenticator, cancellationToken, _logger).ConfigureAwait(false);
        foreach (string prefix in _config.Publish)
        {
            await _local.SubscribeAsync(prefix, OnLocalEvent, cancellationToken, WampMatchOptions.Prefix).ConfigureAwait(false);
        }

        foreach (string prefix in _config.Call)
        {
            await _local.RegisterAsync(prefix, CallUpstreamAsync, cancellationToken, WampMatchOptions.Prefix).ConfigureAwait(false);
        }

        await _local.RegisterAsync(StatusProcedure, (_, _) => ValueTask.FromResult(UplinkStatusPayload.Build(this, Snapshot())), cancellationToken).ConfigureAwait(false);
        _delivering = Task.Run(DeliverDownwardAsync, CancellationToken.None);
        _running = Task.Run(RunAsync, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _downward.Writer.TryComplete();
        if (_running is not null)
        {
            await _running.ConfigureAwait(false);
        }

        if (_delivering is not null)
        {
            await _delivering.ConfigureAwait(false);
        }

        if (_local is not null)
        {
            await _local.LeaveAsync(CancellationToken.None).ConfigureAwait(false);
        }

        lock (_queueLock)
        {
            _queue?.Dispose();
        }
    }

    /// <summary>State, reason and queue figures, taken together.</summary>
    public UplinkSnapshot Snapshot()
    {
        lock (_queueLock)
        {
            return new UplinkSnapshot(_state, _reason, _queue?.Count ?? 0, _queue?.PendingBytes ?? 0, _queue?.Dropped ?? 0);
        }
    }

    /// <summary>A local event under a <c>publish</c> prefix: queued on disk when durable, else sent now or dropped when offline.</summary>
    private void OnLocalEvent(in WampEvent wampEvent)
    {
        string topic = System.Text.Encoding.UTF8.GetString(wampEvent.Topic);
        WampPayload payload = WampPayload.CopyOf(wampEvent.Payload);
        if (_queue is not null && _rules.IsDurable(topic))
        {
            int dropped;
            lock (_queueLock)
            {
                dropped = _queue.Enqueue(topic, payload);
            }

            _queueSignal.Writer.TryWrite(true);
            if (dropped > 0)
            {
                UplinkLog.QueueDropped(_logger, _config.Name, dropped);
                PublishLocally(QueueTopic, UplinkStatusPayload.Queue(Snapshot()));
            }

            return;
        }

        if (_upstream is null || !_upward.Writer.TryWrite((topic, payload)))
        {
            Counters.AddDroppedOffline();
        }
    }

    /// <summary>An upstream event (already mapped to its local topic): published locally, in arrival order.</summary>
    private void OnUpstreamEvent(string topic, WampPayload payload) => _downward.Writer.TryWrite((topic, payload));

    /// <summary>A local call under a <c>call</c> prefix: the same call upstream.</summary>
    private async ValueTask<WampPayload> CallUpstreamAsync(WampInvocation invocation, CancellationToken cancellationToken)
    {
        IUpstreamSession upstream = _upstream ?? throw new WampException(OfflineError);
        Counters.AddCallUp();
        try
        {
            return await upstream.CallAsync(invocation.Procedure, invocation.Payload, cancellationToken).ConfigureAwait(false);
        }
        catch (WampConnectionException)
        {
            throw new WampException(OfflineError);
        }
    }

    /// <summary>An upstream call of a local procedure under a <c>register</c> prefix.</summary>
    private async ValueTask<WampPayload> CallLocalAsync(string procedure, WampPayload payload, CancellationToken cancellationToken)
    {
        Counters.AddCallDown();
        try
        {
            return await _local!.CallAsync(procedure, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (WampConnectionException)
        {
            throw new WampException("wamp.error.canceled");
        }
    }

    private async Task RunAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            SetState(UplinkState.Connecting, $"connecting to {_config.Url}");
            IUpstreamSession? upstream = null;
            try
            {
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    timeout.CancelAfter(ConnectTimeout);
                    upstream = await _connector.ConnectAsync(_delivery, timeout.Token).ConfigureAwait(false);
                }

                _backoff.Reset();
                Counters.AddConnect();
                _upstream = upstream;
                SetState(UplinkState.Online, upstream.Description);
                string reason = await ForwardAsync(upstream, stopping).ConfigureAwait(false);
                SetState(UplinkState.Offline, reason);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is WampConnectionException or WampException or OperationCanceledException or IOException or System.Net.Sockets.SocketException)
            {
                SetState(UplinkState.Offline, exception.Message);
            }
            finally
            {
                _upstream = null;
                if (upstream is not null)
                {
                    if (stopping.IsCancellationRequested)
                    {
                        await upstream.LeaveAsync().ConfigureAwait(false);
                    }

                    await upstream.DisposeAsync().ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(_backoff.Next(), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        SetState(UplinkState.Offline, "stopped");
    }

    /// <summary>Sends the durable queue, in order, then whatever comes, until the connection ends; returns why it ended.</summary>
    private async Task<string> ForwardAsync(IUpstreamSession upstream, CancellationToken stopping)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _ = upstream.Closed.ContinueWith(_ => CancelQuietly(ended), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _queueSignal.Writer.TryWrite(true);
        try
        {
            while (true)
            {
                while (TryPeek() is { } queued)
                {
                    try
                    {
                        await upstream.PublishAsync(queued.Topic, queued.Payload, confirmed: true, ended.Token).ConfigureAwait(false);
                        Counters.AddForwarded();
                    }
                    catch (WampException refusal)
                    {
                        UplinkLog.QueuedEventRefused(_logger, _config.Name, queued.Topic, refusal.Error);
                        Counters.AddRejected();
                    }

                    lock (_queueLock)
                    {
                        _queue!.Acknowledge(queued.Sequence);
                    }
                }

                while (_upward.Reader.TryRead(out (string Topic, WampPayload Payload) item))
                {
                    try
                    {
                        await upstream.PublishAsync(item.Topic, item.Payload, confirmed: false, ended.Token).ConfigureAwait(false);
                        Counters.AddForwarded();
                    }
                    catch (WampException refusal)
                    {
                        UplinkLog.QueuedEventRefused(_logger, _config.Name, item.Topic, refusal.Error);
                        Counters.AddRejected();
                    }
                }

                using var wake = CancellationTokenSource.CreateLinkedTokenSource(ended.Token);
                Task queueReady = _queueSignal.Reader.WaitToReadAsync(wake.Token).AsTask();
                Task upwardReady = _upward.Reader.WaitToReadAsync(wake.Token).AsTask();
                await Task.WhenAny(queueReady, upwardReady).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                _queueSignal.Reader.TryRead(out _);
                ended.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return upstream.Closed.IsCompleted ? upstream.Closed.Result : "the upstream connection ended";
        }
        catch (WampConnectionException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>Cancels unless the forwarding it belongs to has already returned (and disposed it).</summary>
    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That connection's forwarding is over.
        }
    }

    private QueuedMessage? TryPeek()
    {
        if (_queue is null)
        {
            return null;
        }

        lock (_queueLock)
        {
            _queue.Sync();
            return _queue.Peek();
        }
    }

    /// <summary>Publishes upstream events locally, one at a time in arrival order.</summary>
    private async Task DeliverDownwardAsync()
    {
        await foreach ((string topic, WampPayload payload) in _downward.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await _local!.PublishAsync(topic, payload, _stopping.Token).ConfigureAwait(false);
                Counters.AddDelivered();
            }
            catch (Exception exception) when (exception is WampConnectionException or OperationCanceledException)
            {
                break;
            }
        }
    }

    private void SetState(UplinkState state, string reason)
    {
        lock (_queueLock)
        {
            if (_state == state && _reason == reason)
            {
                return;
            }

            _state = state;
            _reason = reason;
        }

        UplinkLog.StateChanged(_logger, _config.Name, UplinkStatusPayload.Name(state), reason);
        PublishLocally(StateTopic, UplinkStatusPayload.State(state, reason));
    }

    private void PublishLocally(string topic, WampPayload payload)
    {
        if (_local is { IsOpen: true } local)
        {
            _ = local.PublishAsync(topic, payload, CancellationToken.None).ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }
}
