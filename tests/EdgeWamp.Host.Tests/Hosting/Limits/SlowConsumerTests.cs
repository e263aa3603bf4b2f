using Xunit;
using System.Collections.Concurrent;
using System.Text.Json;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Hosting;
using EdgeWamp.Host.Systemd;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeWamp.Host.Tests.Hosting.Limits;

/// <summary>
/// The slow-consumer guarantee (DESIGN.md, "Every queue is bounded"), end to end over real TCP sockets on loopback
/// against the real listener and router: one subscriber stops reading under a flood, the router's memory stays bounded
/// by its outbox limit, and the other subscribers receive every event in order.
/// </summary>
public sealed class SlowConsumerTests : IAsyncLifetime
{
    private const string Topic = "com.example.flood";
    private const int OutboxLimit = 256 * 1024;
    private const int EventCount = 4096;
    private const int PayloadLength = 8 * 1024;

    // The publisher waits for the healthy subscribers after each batch, so they never fall behind by more than a
    // batch (128 KiB, half their outbox): they keep up by construction, and only the stalled one can be slow.
    private const int Batch = 16;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly RecordingRouterLogger _log = new();
    private readonly List<JsonRawSocketClient> _clients = [];
    private WampRouter? _router;
    private InheritedSockets? _inherited;
    private RouterService? _service;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (JsonRawSocketClient client in _clients)
        {
            client.Dispose();
        }

        if (_service is not null)
        {
            await _service.StopAsync(CancellationToken.None);
        }

        _inherited?.Dispose();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData(LimitsConfig.SlowConsumerDrop)]
    [InlineData(LimitsConfig.SlowConsumerDisconnect)]
    public async Task Flood_OneSubscriberStalls_MemoryStaysBoundedAndTheOthersGetEveryEvent(string policy)
    {
        CancellationToken cancel = _timeout.Token;
        System.Net.EndPoint endPoint = await StartRouterAsync(policy);
        JsonRawSocketClient stalled = await JoinAsync(endPoint, subscribe: true, receiveBufferSize: 4096);
        JsonRawSocketClient first = await JoinAsync(endPoint, subscribe: true);
        JsonRawSocketClient second = await JoinAsync(endPoint, subscribe: true);
        JsonRawSocketClient publisher = await JoinAsync(endPoint, subscribe: false);
        var firstReceived = new ConcurrentQueue<int>();
        var secondReceived = new ConcurrentQueue<int>();
        Task firstReading = ReadEventsAsync(first, firstReceived, cancel);
        Task secondReading = ReadEventsAsync(second, secondReceived, cancel);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long mostQueued = 0;

        string filler = new('x', PayloadLength);
        for (int sequence = 1; sequence <= EventCount; sequence++)
        {
            await publisher.SendAsync($$"""[16,{{sequence}},{},"{{Topic}}",[{{sequence}},"{{filler}}"]]""", cancel);
            if (sequence % Batch == 0)
            {
                int expected = sequence;
                Assert.True(
                    SpinWait.SpinUntil(() => firstReceived.Count >= expected && secondReceived.Count >= expected, TimeSpan.FromSeconds(60)),
                    $"the healthy subscribers stopped at {firstReceived.Count} and {secondReceived.Count} of {expected} events");
                mostQueued = Math.Max(mostQueued, _service!.QueuedBytes);
            }
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        long flooded = (long)EventCount * PayloadLength;

        // Every event reached both healthy subscribers, in publication order.
        Assert.Equal(Enumerable.Range(1, EventCount), firstReceived);
        Assert.Equal(Enumerable.Range(1, EventCount), secondReceived);

        // Bounded: the stalled subscriber's queue never passed its limit (the healthy ones hold at most a batch), and
        // the router's heap grew by far less than the 32 MiB it was asked to send to the stalled subscriber.
        Assert.InRange(mostQueued, 0, OutboxLimit + (2 * Batch * (PayloadLength + 64)));
        Assert.True(after - before < flooded / 4, $"the heap grew by {after - before} bytes while {flooded} were flooded");

        if (policy == LimitsConfig.SlowConsumerDrop)
        {
            // The stalled subscriber is still connected, its queue full (the bound held, not kernel buffering), and
            // the drops were logged once.
            Assert.InRange(_service!.QueuedBytes, OutboxLimit / 2, OutboxLimit);
            Assert.Single(_log.Messages, message => message.Contains("dropping events", StringComparison.Ordinal));
        }
        else
        {
            Assert.Single(_log.Messages, message => message.Contains("outbox is full", StringComparison.Ordinal));
            using var closed = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            closed.CancelAfter(TimeSpan.FromSeconds(30));
            Assert.True(await stalled.ReadUntilClosedAsync(closed.Token), "the stalled subscriber was not disconnected");
        }

        first.Dispose();
        second.Dispose();
        await Task.WhenAll(firstReading, secondReading);
    }

    private async Task<System.Net.EndPoint> StartRouterAsync(string policy)
    {
        EdgeWampConfig config = ConfigTestHelpers.Valid($$"""
            {
              "realms": [ { "name": "realm1", "roles": [ { "name": "anonymous",
                "permissions": [ { "uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"] } ] } ] } ],
              "authentication": { "anonymous": [ { "realm": "realm1", "role": "anonymous" } ] },
              "listeners": [ { "tcp": "127.0.0.1:0", "authMethods": ["anonymous"] } ],
              "limits": { "maxMessageSize": 65536, "maxOutboxBytes": {{OutboxLimit}}, "slowConsumer": "{{policy}}" }
            }
            """);
        _router = RouterFactory.Create(config, _log);
        _inherited = new InheritedSockets(ServiceManagerEnvironment.Read(_ => null, Environment.ProcessId), NullLogger<InheritedSockets>.Instance);
        _service = new RouterService(config, _router, _inherited, NullLogger<RouterService>.Instance, NullLoggerFactory.Instance);
        await _service.StartAsync(_timeout.Token);
        return _service.LocalEndPoints.Single()!;
    }

    private async Task<JsonRawSocketClient> JoinAsync(System.Net.EndPoint endPoint, bool subscribe, int receiveBufferSize = 0)
    {
        JsonRawSocketClient client = await JsonRawSocketClient.ConnectAsync(endPoint, _timeout.Token, receiveBufferSize);
        _clients.Add(client);
        await client.JoinAsync("realm1", _timeout.Token);
        if (subscribe)
        {
            await client.SubscribeAsync(Topic, _timeout.Token);
        }

        return client;
    }

    /// <summary>Reads EVENTs until the connection ends, recording each one's sequence number (its first argument).</summary>
    private static async Task ReadEventsAsync(JsonRawSocketClient client, ConcurrentQueue<int> received, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using JsonDocument message = await client.ReceiveAsync(cancellationToken);
                if (message.RootElement[0].GetInt32() == 36)
                {
                    received.Enqueue(message.RootElement[4][0].GetInt32());
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or EndOfStreamException or OperationCanceledException)
        {
            // The test closed the client.
        }
    }

    /// <summary>Keeps the router's log lines, to check the slow-consumer policy logged once.</summary>
    private sealed class RecordingRouterLogger : ILogger<WampRouter>
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IEnumerable<string> Messages => _messages;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _messages.Enqueue(formatter(state, exception));
    }
}
