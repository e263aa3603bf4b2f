using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Hosting;
using EdgeWamp.Host.Systemd;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Router.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeWamp.Host.Tests.Systemd;

/// <summary>
/// The watchdog pings systemd only while routing is alive: WATCHDOG=1 arrives on a real sd_notify datagram socket
/// bound by the test (end to end with systemd's protocol in tests/deploy/test_sd_notify.py).
/// </summary>
public sealed class WatchdogServiceTests : IDisposable
{
    private const string Config = """
        {
          "realms": [ { "name": "realm1", "roles": [ { "name": "anonymous",
                        "permissions": [ { "uri": "", "match": "prefix", "allow": ["publish", "subscribe"] } ] } ] } ],
          "authentication": { "anonymous": [ { "realm": "realm1", "role": "anonymous" } ] },
          "listeners": [ { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"] } ]
        }
        """;

    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);   // a ping due every 100 ms

    private readonly NotifyReceiver _manager = new();
    private readonly NotifySocket _notifier;
    private readonly TaskCompletionSource _hostStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WampRouter _router;
    private readonly InheritedSockets _inherited;
    private readonly WatchdogService _watchdog;

    public WatchdogServiceTests()
    {
        EdgeWampConfig config = ConfigTestHelpers.Valid(Config);
        _notifier = new NotifySocket(_manager.Name);
        _router = RouterFactory.Create(config, NullLogger<WampRouter>.Instance);
        ServiceManagerEnvironment environment = ServiceManagerEnvironment.Read(
            name => name == ServiceManagerEnvironment.WatchdogUsecVariable ? ((long)Period.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            Environment.ProcessId);
        _inherited = new InheritedSockets(environment, NullLogger<InheritedSockets>.Instance);
        // No listener started: the accept-loop check has nothing to fail on, so the realm decides.
        var listeners = new RouterService(config, _router, _inherited, NullLogger<RouterService>.Instance, NullLoggerFactory.Instance);
        _watchdog = new WatchdogService(_notifier, environment, _router, listeners, _hostStarted.Task, NullLogger<WatchdogService>.Instance);
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        _inherited.Dispose();
        _router.Dispose();
        _notifier.Dispose();
        _manager.Dispose();
    }

    [Fact]
    public async Task Execute_HealthyRouter_PingsOnlyAfterStartedThenEveryHalfPeriod()
    {
        await _watchdog.StartAsync(CancellationToken.None);
        Assert.False(_manager.WaitFor("WATCHDOG=1", 1, TimeSpan.FromMilliseconds(400)), "WATCHDOG=1 before the host started (before READY=1)");

        _hostStarted.SetResult();

        Assert.True(_manager.WaitFor("WATCHDOG=1", 3, TimeSpan.FromSeconds(10)), "fewer than 3 pings");
        await _watchdog.StopAsync(CancellationToken.None);

        // Stopped: whatever was sent before the stop drained, nothing more arrives (no WATCHDOG=1 after STOPPING=1).
        while (_manager.Receive(TimeSpan.Zero) is not null)
        {
        }

        Assert.False(_manager.WaitFor("WATCHDOG=1", 1, Period * 2), "WATCHDOG=1 after the watchdog stopped");
    }

    [Fact]
    public async Task Execute_RoutingStuck_WithholdsPingsUntilItRecovers()
    {
        using var connection = new BlockingConnection();
        WampSession subscriber = _router.OpenSession(connection, AuthMethods.Anonymous);
        subscriber.Receive("""[1, "realm1", {"roles": {"subscriber": {}}}]"""u8);
        subscriber.Receive("""[32, 1, {}, "com.example.stuck"]"""u8);
        using var publisherConnection = new BlockingConnection();
        WampSession publisher = _router.OpenSession(publisherConnection, AuthMethods.Anonymous);
        publisher.Receive("""[1, "realm1", {"roles": {"publisher": {}}}]"""u8);
        connection.BlockWrites = true;
        var publishing = Task.Run(() => publisher.Receive("""[16, 1, {}, "com.example.stuck", ["x"]]"""u8));
        Assert.True(connection.Blocked.Wait(TimeSpan.FromSeconds(10)));

        _hostStarted.SetResult();
        await _watchdog.StartAsync(CancellationToken.None);
        Assert.False(_manager.WaitFor("WATCHDOG=1", 1, Period * 3), "WATCHDOG=1 sent while routing in realm1 was stuck");

        connection.Release();
        await publishing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_manager.WaitFor("WATCHDOG=1", 1, TimeSpan.FromSeconds(10)), "no WATCHDOG=1 after routing recovered");
        await _watchdog.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void IsHealthy_IdleRouter_IsTrue()
    {
        Assert.True(_watchdog.IsHealthy(TimeSpan.FromMilliseconds(100), out string? problem));
        Assert.Null(problem);
    }

    private sealed class BlockingConnection : IWampConnection, IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public WampSerializer Serializer => WampSerializer.Json;

        public string Description => "blocking test connection";

        public bool BlockWrites { get; set; }

        public ManualResetEventSlim Blocked { get; } = new();

        public WriteResult TryWrite(ReadOnlySpan<byte> message)
        {
            if (BlockWrites)
            {
                Blocked.Set();
                _release.Wait(TimeSpan.FromSeconds(30));
            }

            return WriteResult.Written;
        }

        public void Release() => _release.Set();

        public void Close()
        {
        }

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
            Blocked.Dispose();
        }
    }
}
