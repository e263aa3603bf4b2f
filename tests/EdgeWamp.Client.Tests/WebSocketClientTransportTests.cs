using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using EdgeWamp.Client.Transports;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Tests.TestSupport;
using EdgeWamp.Transports.Tls;
using EdgeWamp.Transports.WebSocket;

namespace EdgeWamp.Client.Tests;

/// <summary>
/// ws:// and wss:// against the router's own WebSocket listener (plain and TLS), and against a second, independent
/// server implementation: HttpListener's WebSocket (subprotocol negotiation, one WAMP message per WebSocket message)
/// in front of the same router.
/// </summary>
public sealed class WebSocketClientTransportTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
    private readonly HttpListener _http = new();
    private LoopbackRouter _router = null!;
    private Task? _serving;
    private string _url = "";

    public Task InitializeAsync()
    {
        _router = new LoopbackRouter();
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _http.Prefixes.Add($"http://127.0.0.1:{port}/ws/");
        _http.Start();
        _url = $"ws://127.0.0.1:{port}/ws/";
        _serving = ServeAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Stop();
        _http.Close();
        if (_serving is not null)
        {
            await _serving;
        }

        await _router.DisposeAsync();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData(WampSerializer.Json)]
    [InlineData(WampSerializer.Cbor)]
    public async Task Session_OverWebSocket_CallsAndPublishes(WampSerializer serializer)
    {
        CancellationToken token = _timeout.Token;
        await using WampClientSession session = await WampClientSession.JoinAsync(await ClientTransportFactory.ConnectAsync(_url, serializer, token), LoopbackRouter.Realm, null, token);
        var events = Channel.CreateUnbounded<string>();
        await session.SubscribeAsync("ws.topic", (in WampEvent e) => events.Writer.TryWrite(WampPayload.CopyOf(e.Payload).ToJson()), token);
        await session.RegisterAsync("ws.echo", (invocation, _) => ValueTask.FromResult(invocation.Payload), token);

        WampPayload result = await session.CallAsync("ws.echo", WampPayload.FromArguments("over websocket"), token);
        await session.PublishAsync("ws.topic", WampPayload.FromArguments(1), token, new WampPublishOptions { ExcludeMe = false });

        Assert.Equal("[[\"over websocket\"]]", result.ToJson());
        Assert.Equal("[[1]]", await events.Reader.ReadAsync(token));
    }

    [Fact]
    public async Task ConnectAsync_ServerRefusesTheSubprotocol_ThrowsConnectionException()
    {
        // The test server speaks wamp.2.json and wamp.2.cbor only.
        await Assert.ThrowsAsync<WampConnectionException>(() => ClientTransportFactory.ConnectAsync(_url, WampSerializer.MsgPack, _timeout.Token));
    }

    [Theory]
    [InlineData(WampSerializer.Json)]
    [InlineData(WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Cbor)]
    public async Task Session_OverTheRoutersWebSocketListener_CallsAndPublishes(WampSerializer serializer)
    {
        CancellationToken token = _timeout.Token;
        await using WampClientSession session = await WampClientSession.JoinAsync(await ClientTransportFactory.ConnectAsync(_router.WebSocketUrl, serializer, token), LoopbackRouter.Realm, null, token);

        await ExerciseAsync(session, token);
    }

    [Fact]
    public async Task Session_OverTheRoutersWebSocketListener_CarriesMessagesLargerThanTheFirstBuffer()
    {
        CancellationToken token = _timeout.Token;
        await using WampClientSession session = await WampClientSession.JoinAsync(await ClientTransportFactory.ConnectAsync(_router.WebSocketUrl, WampSerializer.Cbor, token), LoopbackRouter.Realm, null, token);
        await session.RegisterAsync("ws.echo", (invocation, _) => ValueTask.FromResult(invocation.Payload), token);
        string large = new('x', 200_000);

        WampPayload result = await session.CallAsync("ws.echo", WampPayload.FromArguments(large), token);

        Assert.Equal($"[[\"{large}\"]]", result.ToJson());
    }

    [Fact]
    public async Task Session_OverTheRoutersTlsWebSocketListener_CallsAndPublishes()
    {
        CancellationToken token = _timeout.Token;
        using var certificates = new TestCertificates();
        Uri url = StartTlsListener(certificates);

        WebSocketClientTransport transport = await WebSocketClientTransport.ConnectAsync(url, WampSerializer.Cbor, ClientTransportFactory.DefaultMaxMessageLength, TrustOnly(certificates), TimeSpan.FromSeconds(10), token);
        await using WampClientSession session = await WampClientSession.JoinAsync(transport, LoopbackRouter.Realm, null, token);

        await ExerciseAsync(session, token);
    }

    [Fact]
    public async Task ConnectAsync_WssServerNotTrustedBySystem_FailsNamingTls()
    {
        using var certificates = new TestCertificates();
        Uri url = StartTlsListener(certificates);

        WampConnectionException error = await Assert.ThrowsAsync<WampConnectionException>(() => ClientTransportFactory.ConnectAsync(url.ToString(), WampSerializer.Cbor, _timeout.Token));

        Assert.StartsWith("TLS with 127.0.0.1 failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_RouterHasNoWebSocketAtThePath_FailsQuotingTheStatus()
    {
        string url = _router.WebSocketUrl + "/elsewhere";

        WampConnectionException error = await Assert.ThrowsAsync<WampConnectionException>(() => ClientTransportFactory.ConnectAsync(url, WampSerializer.Cbor, _timeout.Token));

        Assert.Equal($"the WebSocket handshake with {url} failed: the server answered 'HTTP/1.1 404 Not Found', not 101 Switching Protocols", error.Message);
    }

    [Fact]
    public async Task ConnectAsync_NothingListens_FailsNamingTheUrl()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        string url = $"ws://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/ws";
        probe.Stop();

        WampConnectionException error = await Assert.ThrowsAsync<WampConnectionException>(() => ClientTransportFactory.ConnectAsync(url, WampSerializer.Cbor, _timeout.Token));

        Assert.StartsWith($"cannot connect to {url}: ", error.Message, StringComparison.Ordinal);
    }

    private static async Task ExerciseAsync(WampClientSession session, CancellationToken token)
    {
        var events = Channel.CreateUnbounded<string>();
        await session.SubscribeAsync("ws.topic", (in WampEvent e) => events.Writer.TryWrite(WampPayload.CopyOf(e.Payload).ToJson()), token);
        await session.RegisterAsync("ws.echo", (invocation, _) => ValueTask.FromResult(invocation.Payload), token);

        WampPayload result = await session.CallAsync("ws.echo", WampPayload.FromArguments("over websocket"), token);
        await session.PublishAsync("ws.topic", WampPayload.FromArguments(1), token, new WampPublishOptions { ExcludeMe = false });

        Assert.Equal("[[\"over websocket\"]]", result.ToJson());
        Assert.Equal("[[1]]", await events.Reader.ReadAsync(token));
    }

    /// <summary>A TLS listener of the router that serves WebSocket at /ws, with the test PKI's server certificate.</summary>
    private Uri StartTlsListener(TestCertificates certificates)
    {
        RawSocketListener listener = _router.StartListener(new RawSocketListenerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Tls = TlsListenerOptions.FromPemFiles(certificates.CertificatePath, certificates.KeyPath, ClientCertificateMode.None, null),
            WebSocket = new WebSocketListenerOptions(),
        });
        return new Uri($"wss://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}/ws");
    }

    private static RemoteCertificateValidationCallback TrustOnly(TestCertificates certificates) =>
        (_, certificate, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
            && certificate is X509Certificate2 server && certificates.ValidateServer(server);

    private async Task ServeAsync()
    {
        var connections = new List<Task>();
        while (_http.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _http.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            string? offered = context.Request.Headers["Sec-WebSocket-Protocol"];
            string? chosen = offered is null ? null : Array.Find(offered.Split(',', StringSplitOptions.TrimEntries), p => p is "wamp.2.json" or "wamp.2.cbor");
            if (chosen is null)
            {
                context.Response.StatusCode = 400;
                context.Response.Close();
                continue;
            }

            HttpListenerWebSocketContext socket = await context.AcceptWebSocketAsync(chosen);
            connections.Add(BridgeAsync(socket.WebSocket, chosen == "wamp.2.json" ? WampSerializer.Json : WampSerializer.Cbor));
        }

        await Task.WhenAll(connections);
    }

    /// <summary>Hands each WebSocket message to the router and each router message to the WebSocket.</summary>
    private async Task BridgeAsync(WebSocket socket, WampSerializer serializer)
    {
        var connection = new WebSocketConnection(serializer);
        EdgeWamp.Router.Sessions.WampSession peer = _router.Router.OpenSession(connection, AuthMethods.Anonymous);
        Task sending = Task.Run(async () =>
        {
            await foreach (byte[] message in connection.Outbox.Reader.ReadAllAsync())
            {
                await socket.SendAsync(message, serializer == WampSerializer.Json ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, CancellationToken.None);
            }
        });
        byte[] buffer = new byte[1 << 16];
        try
        {
            while (true)
            {
                int length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                peer.Receive(buffer.AsSpan(0, length));
            }
        }
        catch (WebSocketException)
        {
            // The client went away.
        }

        connection.Outbox.Writer.TryComplete();
        peer.OnDisconnected();
        await sending.ContinueWith(_ => { }, TaskScheduler.Default);
        socket.Dispose();
    }

    private sealed class WebSocketConnection(WampSerializer serializer) : IWampConnection
    {
        public Channel<byte[]> Outbox { get; } = Channel.CreateUnbounded<byte[]>();

        public WampSerializer Serializer => serializer;

        public string Description => "test websocket";

        public WriteResult TryWrite(ReadOnlySpan<byte> message) => Outbox.Writer.TryWrite(message.ToArray()) ? WriteResult.Written : WriteResult.Closed;

        public void Close() => Outbox.Writer.TryComplete();
    }
}
