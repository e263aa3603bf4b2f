using System.Net;
using System.Text.Json;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Hosting;
using EdgeWamp.Host.Systemd;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeWamp.Host.Tests.Hosting.Limits;

/// <summary>The <c>limits</c> section wired through RouterFactory and RouterService, checked over real TCP sockets on loopback.</summary>
public sealed class ConfiguredLimitsTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
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

    [Fact]
    public async Task MaxSessions_ReachedOnOneListener_AnotherListenerRefusesWithHandshakeError4()
    {
        IReadOnlyList<EndPoint?> endPoints = await StartAsync("""{ "maxSessions": 1 }""", listeners: 2);
        JsonRawSocketClient first = await ConnectAsync(endPoints[0]!);
        await first.JoinAsync("realm1", _timeout.Token);

        (JsonRawSocketClient refused, byte[] reply) = await JsonRawSocketClient.HandshakeAsync(endPoints[1]!, _timeout.Token);
        _clients.Add(refused);

        // WAMP spec, RawSocket: error 4, "maximum connection count reached".
        Assert.Equal([0x7F, 0x40, 0x00, 0x00], reply);
    }

    [Fact]
    public async Task MaxSessionsPerRealm_Reached_HelloGetsAbort()
    {
        IReadOnlyList<EndPoint?> endPoints = await StartAsync("""{ "maxSessionsPerRealm": 1 }""");
        JsonRawSocketClient first = await ConnectAsync(endPoints[0]!);
        await first.JoinAsync("realm1", _timeout.Token);
        JsonRawSocketClient second = await ConnectAsync(endPoints[0]!);

        await second.SendAsync("""[1,"realm1",{"roles":{"subscriber":{}}}]""", _timeout.Token);

        using JsonDocument abort = await second.ReceiveAsync(_timeout.Token);
        Assert.Equal(3, abort.RootElement[0].GetInt32());
        Assert.Equal("edgewamp.error.max_sessions_reached", abort.RootElement[2].GetString());
        Assert.True(await second.ReadUntilClosedAsync(_timeout.Token));
    }

    [Fact]
    public async Task HelloTimeout_ConnectionSendsNoHello_GetsAbortAndIsClosed()
    {
        IReadOnlyList<EndPoint?> endPoints = await StartAsync("""{ "helloTimeoutMs": 200 }""");
        JsonRawSocketClient silent = await ConnectAsync(endPoints[0]!);

        using JsonDocument abort = await silent.ReceiveAsync(_timeout.Token);

        Assert.Equal(3, abort.RootElement[0].GetInt32());
        Assert.Equal("edgewamp.error.hello_timeout", abort.RootElement[2].GetString());
        Assert.True(await silent.ReadUntilClosedAsync(_timeout.Token));
    }

    private async Task<JsonRawSocketClient> ConnectAsync(EndPoint endPoint)
    {
        JsonRawSocketClient client = await JsonRawSocketClient.ConnectAsync(endPoint, _timeout.Token);
        _clients.Add(client);
        return client;
    }

    private async Task<IReadOnlyList<EndPoint?>> StartAsync(string limits, int listeners = 1)
    {
        string listenerJson = string.Join(", ", Enumerable.Repeat("""{ "tcp": "127.0.0.1:0", "authMethods": ["anonymous"] }""", listeners));
        EdgeWampConfig config = ConfigTestHelpers.Valid($$"""
            {
              "realms": [ { "name": "realm1", "roles": [ { "name": "anonymous",
                "permissions": [ { "uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"] } ] } ] } ],
              "authentication": { "anonymous": [ { "realm": "realm1", "role": "anonymous" } ] },
              "listeners": [ {{listenerJson}} ],
              "limits": {{limits}}
            }
            """);
        _router = RouterFactory.Create(config, NullLogger<WampRouter>.Instance);
        _inherited = new InheritedSockets(ServiceManagerEnvironment.Read(_ => null, Environment.ProcessId), NullLogger<InheritedSockets>.Instance);
        _service = new RouterService(config, _router, _inherited, NullLogger<RouterService>.Instance, NullLoggerFactory.Instance);
        await _service.StartAsync(_timeout.Token);
        return _service.LocalEndPoints;
    }
}
