using System.Text;
using System.Threading.Channels;
using EdgeWamp.Client.Transports;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Client.Tests;

/// <summary>The client against the real router over real loopback sockets.</summary>
public sealed class WampClientSessionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _timeout = new(Timeout);
    private readonly List<WampClientSession> _sessions = [];
    private LoopbackRouter _router = null!;

    private CancellationToken Token => _timeout.Token;

    public Task InitializeAsync()
    {
        _router = new LoopbackRouter();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (WampClientSession session in _sessions)
        {
            await session.DisposeAsync();
        }

        await _router.DisposeAsync();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData(WampSerializer.Json)]
    [InlineData(WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Cbor)]
    public async Task JoinAsync_Tcp_EachSerializer_IsWelcomed(WampSerializer serializer)
    {
        WampClientSession session = await JoinAsync(_router.TcpUrl, serializer);

        Assert.NotEqual(0UL, session.SessionId);
        Assert.True(session.IsOpen);
        Assert.Equal("anonymous", session.AuthRole);
    }

    [Fact]
    public async Task JoinAsync_UnixSocket_IsWelcomed()
    {
        WampClientSession session = await JoinAsync("unix:" + _router.UnixPath, WampSerializer.Cbor);

        Assert.True(session.IsOpen);
    }

    [Fact]
    public async Task JoinAsync_NoSuchRealm_ThrowsWithTheAbortReason()
    {
        IClientTransport transport = await ClientTransportFactory.ConnectAsync(_router.TcpUrl, WampSerializer.Json, Token);

        var refused = await Assert.ThrowsAsync<WampConnectionException>(() => WampClientSession.JoinAsync(transport, "nowhere", null, Token));

        Assert.Contains("wamp.error.no_such_realm", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsConnectionException()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        await Assert.ThrowsAsync<WampConnectionException>(() => ClientTransportFactory.ConnectAsync($"rs://127.0.0.1:{port}", WampSerializer.Cbor, Token));
    }

    [Theory]
    [InlineData(WampSerializer.Json, WampSerializer.Cbor)]
    [InlineData(WampSerializer.Cbor, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.MsgPack, WampSerializer.Json)]
    public async Task PublishAsync_Acknowledged_SubscriberReceivesPayloadInItsSerializer(WampSerializer publisherSerializer, WampSerializer subscriberSerializer)
    {
        WampClientSession subscriber = await JoinAsync(_router.TcpUrl, subscriberSerializer);
        WampClientSession publisher = await JoinAsync(_router.TcpUrl, publisherSerializer);
        var events = Channel.CreateUnbounded<(string Topic, string Json)>();
        await subscriber.SubscribeAsync("sensors.env.temperature", (in WampEvent e) =>
            events.Writer.TryWrite((Encoding.UTF8.GetString(e.Topic), WampPayload.CopyOf(e.Payload).ToJson())), Token);

        ulong publication = await publisher.PublishAsync("sensors.env.temperature", WampPayload.FromJson("[21.5,\"C\"]", "{\"sensor\":\"bme280\"}"), Token, new WampPublishOptions { Acknowledge = true });

        Assert.NotEqual(0UL, publication);
        (string topic, string json) = await events.Reader.ReadAsync(Token);
        Assert.Equal("sensors.env.temperature", topic);
        Assert.Equal("[[21.5,\"C\"],{\"sensor\":\"bme280\"}]", json);
    }

    [Fact]
    public async Task SubscribeAsync_Prefix_EventCarriesTheConcreteTopic()
    {
        WampClientSession session = await JoinAsync(_router.TcpUrl, WampSerializer.Cbor);
        var topics = Channel.CreateUnbounded<string>();
        await session.SubscribeAsync("sensors.", (in WampEvent e) => topics.Writer.TryWrite(Encoding.UTF8.GetString(e.Topic)), Token, WampMatchOptions.Prefix);

        await session.PublishAsync("sensors.gps.fix", WampPayload.FromArguments(1), Token, new WampPublishOptions { ExcludeMe = false, Acknowledge = true });

        Assert.Equal("sensors.gps.fix", await topics.Reader.ReadAsync(Token));
    }

    [Fact]
    public async Task PublishAsync_ExcludeMeByDefault_OwnSubscriptionGetsOnlyTheNonExcludedEvent()
    {
        WampClientSession session = await JoinAsync(_router.TcpUrl, WampSerializer.Json);
        var received = Channel.CreateUnbounded<string>();
        await session.SubscribeAsync("loop.topic", (in WampEvent e) => received.Writer.TryWrite(WampPayload.CopyOf(e.Payload).ToJson()), Token);

        await session.PublishAsync("loop.topic", WampPayload.FromArguments("excluded"), Token, new WampPublishOptions { Acknowledge = true });
        await session.PublishAsync("loop.topic", WampPayload.FromArguments("included"), Token, new WampPublishOptions { Acknowledge = true, ExcludeMe = false });

        // Events from one publisher arrive in order: had the first been delivered, it would come before this one.
        Assert.Equal("[[\"included\"]]", await received.Reader.ReadAsync(Token));
    }

    [Fact]
    public async Task CallAsync_RegisteredProcedure_ReturnsTheYield()
    {
        WampClientSession callee = await JoinAsync(_router.TcpUrl, WampSerializer.MsgPack);
        WampClientSession caller = await JoinAsync(_router.TcpUrl, WampSerializer.Json);
        await callee.RegisterAsync("com.example.echo", (invocation, _) => ValueTask.FromResult(invocation.Payload), Token);

        WampPayload result = await caller.CallAsync("com.example.echo", WampPayload.FromArguments("hello", 42L, true, null), Token);

        Assert.Equal("[[\"hello\",42,true,null]]", result.ToJson());
    }

    [Fact]
    public async Task CallAsync_CalleeThrowsWampException_CallerGetsTheErrorAndPayload()
    {
        WampClientSession callee = await JoinAsync(_router.TcpUrl, WampSerializer.Cbor);
        WampClientSession caller = await JoinAsync(_router.TcpUrl, WampSerializer.Cbor);
        await callee.RegisterAsync("gpio.led.write", (_, _) => throw new WampException("gpio.error.busy", WampPayload.FromArguments("pin 17")), Token);

        var error = await Assert.ThrowsAsync<WampException>(() => caller.CallAsync("gpio.led.write", WampPayload.Empty, Token));

        Assert.Equal("gpio.error.busy", error.Error);
        Assert.Equal("[[\"pin 17\"]]", error.Payload.ToJson());
    }

    [Fact]
    public async Task CallAsync_PrefixRegistration_InvocationNamesTheCalledProcedure()
    {
        WampClientSession callee = await JoinAsync(_router.TcpUrl, WampSerializer.Cbor);
        WampClientSession caller = await JoinAsync(_router.TcpUrl, WampSerializer.Json);
        await callee.RegisterAsync("gpio.", (invocation, _) => ValueTask.FromResult(WampPayload.FromArguments(invocation.Procedure)), Token, WampMatchOptions.Prefix);

        WampPayload result = await caller.CallAsync("gpio.pin.read", WampPayload.Empty, Token);

        Assert.Equal("[[\"gpio.pin.read\"]]", result.ToJson());
    }

    [Fact]
    public async Task CallAsync_NoSuchProcedure_ThrowsWampException()
    {
        WampClientSession caller = await JoinAsync(_router.TcpUrl, WampSerializer.Json);

        var error = await Assert.ThrowsAsync<WampException>(() => caller.CallAsync("nobody.home", WampPayload.Empty, Token));

        Assert.Equal("wamp.error.no_such_procedure", error.Error);
    }

    [Fact]
    public async Task UnregisterAsync_ThenCall_NoSuchProcedure()
    {
        WampClientSession session = await JoinAsync(_router.TcpUrl, WampSerializer.Cbor);
        ulong registration = await session.RegisterAsync("temp.proc", (_, _) => ValueTask.FromResult(WampPayload.Empty), Token);

        await session.UnregisterAsync(registration, Token);

        var error = await Assert.ThrowsAsync<WampException>(() => session.CallAsync("temp.proc", WampPayload.Empty, Token));
        Assert.Equal("wamp.error.no_such_procedure", error.Error);
    }

    [Fact]
    public async Task LeaveAsync_GoodbyeAnswered_ClosedCompletes()
    {
        WampClientSession session = await JoinAsync(_router.TcpUrl, WampSerializer.Json);

        await session.LeaveAsync(Token);

        Assert.True(session.Closed.IsCompleted);
        Assert.False(session.IsOpen);
        await Assert.ThrowsAsync<WampConnectionException>(() => session.PublishAsync("x.y", WampPayload.Empty, Token));
    }

    [Fact]
    public async Task RouterShutdown_Goodbye_ClosedCompletesWithTheReason()
    {
        WampClientSession session = await JoinAsync(_router.TcpUrl, WampSerializer.Cbor);

        _router.Router.Shutdown();

        Assert.Equal("wamp.close.system_shutdown", await session.Closed.WaitAsync(Token));
    }

    [Fact]
    public async Task PendingCall_ConnectionDrops_FailsWithConnectionException()
    {
        WampClientSession callee = await JoinAsync(_router.TcpUrl, WampSerializer.Cbor);
        WampClientSession caller = await JoinAsync(_router.TcpUrl, WampSerializer.Cbor);
        var never = new TaskCompletionSource<WampPayload>();
        await callee.RegisterAsync("slow.proc", (_, _) => new ValueTask<WampPayload>(never.Task), Token);
        Task<WampPayload> call = caller.CallAsync("slow.proc", WampPayload.Empty, Token);

        await caller.DisposeAsync();

        await Assert.ThrowsAsync<WampConnectionException>(() => call);
    }

    [Fact]
    public async Task RouterPings_ClientAnswersPong_SessionStaysOpen()
    {
        // A timeout of 1 s (not 100 ms) so a loaded machine's scheduling delay is not mistaken for a missing PONG.
        await using var router = new LoopbackRouter(pingInterval: TimeSpan.FromMilliseconds(100), pingTimeout: TimeSpan.FromSeconds(1));
        WampClientSession session = await JoinAsync(router.TcpUrl, WampSerializer.Cbor);
        await session.RegisterAsync("ping.check", (_, _) => ValueTask.FromResult(WampPayload.FromArguments("ok")), Token);

        // Thirty ping intervals, three timeouts: a client that did not answer would have been dropped after the first.
        await Task.Delay(TimeSpan.FromSeconds(3), Token);

        Assert.True(session.IsOpen);
        Assert.Equal("[[\"ok\"]]", (await session.CallAsync("ping.check", WampPayload.Empty, Token)).ToJson());
        await session.DisposeAsync();
    }

    [Fact]
    public void FromArguments_UnsupportedType_Throws() =>
        Assert.Throws<ArgumentException>(() => WampPayload.FromArguments(new object()));

    private async Task<WampClientSession> JoinAsync(string url, WampSerializer serializer)
    {
        IClientTransport transport = await ClientTransportFactory.ConnectAsync(url, serializer, Token);
        WampClientSession session = await WampClientSession.JoinAsync(transport, LoopbackRouter.Realm, null, Token);
        _sessions.Add(session);
        return session;
    }
}
