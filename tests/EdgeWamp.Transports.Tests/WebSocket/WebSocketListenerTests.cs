using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Tests.TestSupport;
using EdgeWamp.Transports.Tls;
using EdgeWamp.Transports.WebSocket;

namespace EdgeWamp.Transports.Tests.WebSocket;

/// <summary>
/// WAMP over WebSocket on the RawSocket port (first octet 0x7F is RawSocket, anything else HTTP), driven by .NET's
/// ClientWebSocket and by a raw socket where a test needs to send what a real client never would.
/// </summary>
public sealed class WebSocketListenerTests : IAsyncLifetime
{
    private readonly ListenerScope _scope = new();
    private readonly CancellationTokenSource _timeout = new(ListenerScope.TestTimeout);
    private readonly List<IDisposable> _disposables = [];

    private CancellationToken Timeout => _timeout.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (IDisposable disposable in _disposables)
        {
            disposable.Dispose();
        }

        await _scope.DisposeAsync();
        _timeout.Dispose();
    }

    private RawSocketListener Start(WebSocketListenerOptions? webSocket = null, int maxMessageSize = 1 << 20, TlsListenerOptions? tls = null, TimeSpan? pingInterval = null) =>
        _scope.Start(ep => new RawSocketListenerOptions
        {
            EndPoint = ep,
            WebSocket = webSocket ?? new WebSocketListenerOptions(),
            MaxMessageSize = maxMessageSize,
            Tls = tls,
            PingInterval = pingInterval ?? TimeSpan.FromSeconds(30),
            PingTimeout = TimeSpan.FromMilliseconds(300),
        });

    private static Uri Url(RawSocketListener listener, string scheme = "ws", string path = "/ws") =>
        new($"{scheme}://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}{path}");

    private async Task<(ClientWebSocket Client, RecordingPeer Peer)> OpenAsync(RawSocketListener listener, string protocol = "wamp.2.json", Action<ClientWebSocketOptions>? configure = null, string scheme = "ws")
    {
        var client = new ClientWebSocket();
        _disposables.Add(client);
        client.Options.AddSubProtocol(protocol);
        client.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(client.Options);
        await client.ConnectAsync(Url(listener, scheme), Timeout);
        RecordingPeer peer = await _scope.Peers.NextPeerAsync(Timeout);
        return (client, peer);
    }

    private async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(ClientWebSocket client)
    {
        var data = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            WebSocketReceiveResult result = await client.ReceiveAsync(buffer, Timeout);
            data.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, data.ToArray());
            }
        }
    }

    /// <summary>Sends raw octets, reads until the router closes, and returns what came back as text.</summary>
    private async Task<string> RawExchangeAsync(RawSocketListener listener, string request)
    {
        using RawSocketTestClient raw = await RawSocketTestClient.ConnectAsync(listener.LocalEndPoint!, Timeout);
        await raw.SendAsync(Encoding.Latin1.GetBytes(request), Timeout);
        return Encoding.Latin1.GetString(await raw.ReceiveUntilClosedAsync(Timeout));
    }

    private static string UpgradeRequest(string path = "/ws", string protocol = "wamp.2.json", string extra = "") =>
        $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {protocol}\r\n{extra}\r\n";

    [Fact]
    public async Task Json_TextMessagesFlowBothWays_AndTheTransportIsDescribed()
    {
        RawSocketListener listener = Start();
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener);

        await client.SendAsync("[1,\"realm1\",{}]"u8.ToArray(), WebSocketMessageType.Text, true, Timeout);
        byte[] received = await peer.ReceiveAsync(Timeout);
        Assert.Equal(WriteResult.Written, peer.Connection.TryWrite("[2,1,{}]"u8));
        (WebSocketMessageType type, byte[] data) = await ReceiveAsync(client);

        Assert.Equal("wamp.2.json", client.SubProtocol);
        Assert.Equal("[1,\"realm1\",{}]"u8.ToArray(), received);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("[2,1,{}]"u8.ToArray(), data);
        Assert.Equal(WampSerializer.Json, peer.Connection.Serializer);
        TransportInfo info = peer.Connection.Transport;
        Assert.Equal(TransportKind.WebSocket, info.Kind);
        Assert.Equal(IPAddress.Loopback, info.RemoteAddress);
        Assert.False(info.IsEncrypted);
        Assert.StartsWith("ws ", peer.Connection.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wamp.2.json", WampSerializer.Json)]
    [InlineData("wamp.2.msgpack", WampSerializer.MsgPack)]
    [InlineData("wamp.2.cbor", WampSerializer.Cbor)]
    [InlineData("wamp.2.ubjson", WampSerializer.UbJson)]
    [InlineData("wamp.2.json.batched", WampSerializer.Json)]
    [InlineData("wamp.2.msgpack.batched", WampSerializer.MsgPack)]
    [InlineData("wamp.2.cbor.batched", WampSerializer.Cbor)]
    [InlineData("wamp.2.ubjson.batched", WampSerializer.UbJson)]
    public async Task Subprotocol_EachWampProtocol_IsNegotiatedWithItsSerializer(string protocol, WampSerializer serializer)
    {
        RawSocketListener listener = Start();
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener, protocol);

        Assert.Equal(protocol, client.SubProtocol);
        Assert.Equal(serializer, peer.Connection.Serializer);
    }

    [Fact]
    public async Task Subprotocol_ClientPreferenceOrder_FirstAcceptedWins()
    {
        RawSocketListener listener = _scope.Start(ep => new RawSocketListenerOptions
        {
            EndPoint = ep,
            WebSocket = new WebSocketListenerOptions(),
            Serializers = [WampSerializer.Json, WampSerializer.Cbor],
        });
        var client = new ClientWebSocket();
        _disposables.Add(client);
        client.Options.AddSubProtocol("wamp.2.msgpack");
        client.Options.AddSubProtocol("wamp.2.cbor");
        client.Options.AddSubProtocol("wamp.2.json");
        await client.ConnectAsync(Url(listener), Timeout);
        RecordingPeer peer = await _scope.Peers.NextPeerAsync(Timeout);

        Assert.Equal("wamp.2.cbor", client.SubProtocol);
        Assert.Equal(WampSerializer.Cbor, peer.Connection.Serializer);
    }

    [Fact]
    public async Task RawSocket_OnTheSamePort_StillWorks()
    {
        RawSocketListener listener = Start();
        using RawSocketTestClient raw = await RawSocketTestClient.ConnectAsync(listener.LocalEndPoint!, Timeout);
        await raw.HandshakeAcceptedAsync(Timeout);
        RecordingPeer peer = await _scope.Peers.NextPeerAsync(Timeout);
        await raw.SendFrameAsync(Protocol.RawSocket.RawSocketFrameType.Regular, "cbor"u8, Timeout);

        Assert.Equal("cbor"u8.ToArray(), await peer.ReceiveAsync(Timeout));
        Assert.Equal(TransportKind.Tcp, peer.Connection.Transport.Kind);
    }

    [Fact]
    public async Task Binary_FragmentedMessage_IsReassembled()
    {
        RawSocketListener listener = Start();
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener, "wamp.2.cbor");
        byte[] message = new byte[100_000];
        Random.Shared.NextBytes(message);

        for (int offset = 0; offset < message.Length; offset += 30_000)
        {
            int length = Math.Min(30_000, message.Length - offset);
            await client.SendAsync(message.AsMemory(offset, length), WebSocketMessageType.Binary, offset + length == message.Length, Timeout);
        }

        Assert.Equal(message, await peer.ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task Batched_MsgPack_EveryMessageOfABatchIsDelivered_AndOutgoingMessagesAreLengthPrefixed()
    {
        RawSocketListener listener = Start();
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener, "wamp.2.msgpack.batched");
        byte[] batch = [0, 0, 0, 2, 0x91, 0x01, 0, 0, 0, 3, 0x92, 0x02, 0x03];

        await client.SendAsync(batch, WebSocketMessageType.Binary, true, Timeout);
        byte[] first = await peer.ReceiveAsync(Timeout);
        byte[] second = await peer.ReceiveAsync(Timeout);
        peer.Connection.TryWrite([0x91, 0x07]);
        (WebSocketMessageType type, byte[] data) = await ReceiveAsync(client);

        Assert.Equal([0x91, 0x01], first);
        Assert.Equal([0x92, 0x02, 0x03], second);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal([0, 0, 0, 2, 0x91, 0x07], data);
    }

    [Fact]
    public async Task Batched_Json_MessagesEndWithTheRecordSeparator()
    {
        RawSocketListener listener = Start();
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener, "wamp.2.json.batched");

        await client.SendAsync("[1]\u001e[2]\u001e"u8.ToArray(), WebSocketMessageType.Text, true, Timeout);
        byte[] first = await peer.ReceiveAsync(Timeout);
        byte[] second = await peer.ReceiveAsync(Timeout);
        peer.Connection.TryWrite("[3]"u8);
        (_, byte[] data) = await ReceiveAsync(client);

        Assert.Equal("[1]"u8.ToArray(), first);
        Assert.Equal("[2]"u8.ToArray(), second);
        Assert.Equal("[3]\u001e"u8.ToArray(), data);
    }

    [Theory]
    [InlineData("wamp.2.msgpack.batched", new byte[] { 0, 0, 0, 9, 0x91 }, WebSocketCloseStatus.ProtocolError)]
    [InlineData("wamp.2.json.batched", new byte[] { (byte)'[', (byte)']' }, WebSocketCloseStatus.ProtocolError)]
    public async Task Batched_MalformedBatch_ClosesWithProtocolError(string protocol, byte[] batch, WebSocketCloseStatus expected)
    {
        RawSocketListener listener = Start();
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener, protocol);

        WebSocketMessageType type = protocol.Contains("json", StringComparison.Ordinal) ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        await client.SendAsync(batch, type, true, Timeout);
        WebSocketReceiveResult result = await client.ReceiveAsync(new byte[16], Timeout);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(expected, result.CloseStatus);
        await peer.Disconnected.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Oversized_Message_ClosesWithMessageTooBig()
    {
        RawSocketListener listener = Start(maxMessageSize: 1024);
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener, "wamp.2.cbor");

        await client.SendAsync(new byte[1025], WebSocketMessageType.Binary, true, Timeout);
        WebSocketReceiveResult result = await client.ReceiveAsync(new byte[16], Timeout);

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, result.CloseStatus);
        await peer.Disconnected.WaitAsync(Timeout);
        Assert.False(peer.TryReceive(out _));
    }

    [Fact]
    public async Task MessageOfTheWrongType_ClosesWithInvalidMessageType()
    {
        RawSocketListener listener = Start();
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener, "wamp.2.json");

        await client.SendAsync(new byte[] { 0x91, 0x01 }, WebSocketMessageType.Binary, true, Timeout);
        WebSocketReceiveResult result = await client.ReceiveAsync(new byte[16], Timeout);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, result.CloseStatus);
        await peer.Disconnected.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RouterClose_SendsQueuedMessagesThenNormalClosure()
    {
        RawSocketListener listener = Start();
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener);

        peer.Connection.TryWrite("[3,{},\"wamp.close.normal\"]"u8);
        peer.Connection.Close();
        (_, byte[] last) = await ReceiveAsync(client);
        WebSocketReceiveResult result = await client.ReceiveAsync(new byte[16], Timeout);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Timeout);

        Assert.Equal("[3,{},\"wamp.close.normal\"]"u8.ToArray(), last);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, result.CloseStatus);
        await peer.Disconnected.WaitAsync(Timeout);
        Assert.True(SpinWait.SpinUntil(() => listener.ConnectionCount == 0, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ClientClose_DisconnectsThePeer()
    {
        RawSocketListener listener = Start();
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener);

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", Timeout);

        Assert.Equal(WebSocketState.Closed, client.State);
        await peer.Disconnected.WaitAsync(Timeout);
        Assert.Equal(1, peer.DisconnectCount);
    }

    [Fact]
    public async Task Keepalive_ClientThatNeverAnswersPings_IsDisconnected()
    {
        RawSocketListener listener = Start(pingInterval: TimeSpan.FromMilliseconds(100));
        using RawSocketTestClient raw = await RawSocketTestClient.ConnectAsync(listener.LocalEndPoint!, Timeout);
        await raw.SendAsync(Encoding.ASCII.GetBytes(UpgradeRequest()), Timeout);
        RecordingPeer peer = await _scope.Peers.NextPeerAsync(Timeout);

        // The client reads nothing and answers nothing: only the router's pings go unanswered.
        await peer.Disconnected.WaitAsync(Timeout);
        string received = Encoding.Latin1.GetString(await raw.ReceiveUntilClosedAsync(Timeout));

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", received, StringComparison.Ordinal);
        // After the 101: a ping frame (FIN + opcode 0x9).
        Assert.Contains("\r\n\r\n\u0089", received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookie_IssuedOnFirstUpgrade_IsReadOnReconnect_AndAFreshOneIsIssued()
    {
        RawSocketListener listener = Start();
        (ClientWebSocket first, RecordingPeer firstPeer) = await OpenAsync(listener);
        string setCookie = Assert.Single(first.HttpResponseHeaders!["Set-Cookie"]);
        string issued = firstPeer.Connection.Transport.IssuedAuthCookie!;

        (ClientWebSocket second, RecordingPeer secondPeer) = await OpenAsync(listener, configure: o => o.SetRequestHeader("Cookie", $"other=1; cbtid={issued}"));

        Assert.Matches("^[A-Za-z0-9_-]{22}$", issued);
        Assert.Equal($"cbtid={issued}; Path=/; HttpOnly; SameSite=Strict", setCookie);
        Assert.Null(firstPeer.Connection.Transport.AuthCookie);
        Assert.Equal(issued, secondPeer.Connection.Transport.AuthCookie);
        string reissued = secondPeer.Connection.Transport.IssuedAuthCookie!;
        Assert.NotEqual(issued, reissued);
        Assert.Equal($"cbtid={reissued}; Path=/; HttpOnly; SameSite=Strict", Assert.Single(second.HttpResponseHeaders!["Set-Cookie"]));
    }

    [Fact]
    public async Task Cookie_ClientChosenValue_IsOnlyThePresentedOne_TheIssuedIsFresh()
    {
        RawSocketListener listener = Start();

        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener, configure: o => o.SetRequestHeader("Cookie", "cbtid=planted-by-someone"));

        Assert.Equal("planted-by-someone", peer.Connection.Transport.AuthCookie);
        string issued = peer.Connection.Transport.IssuedAuthCookie!;
        Assert.Matches("^[A-Za-z0-9_-]{22}$", issued);
        Assert.Equal($"cbtid={issued}; Path=/; HttpOnly; SameSite=Strict", Assert.Single(client.HttpResponseHeaders!["Set-Cookie"]));
    }

    [Fact]
    public async Task Cookie_Disabled_NoneIsIssued()
    {
        RawSocketListener listener = Start(new WebSocketListenerOptions { CookieName = null });
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener);

        Assert.Null(peer.Connection.Transport.AuthCookie);
        Assert.Null(peer.Connection.Transport.IssuedAuthCookie);
        Assert.False(client.HttpResponseHeaders!.ContainsKey("Set-Cookie"));
    }

    [Fact]
    public async Task Origin_NotAllowed_Gets403_AllowedOneConnects()
    {
        RawSocketListener listener = Start(new WebSocketListenerOptions { AllowedOrigins = ["https://dashboard.local"] });

        string refused = await RawExchangeAsync(listener, UpgradeRequest(extra: "Origin: https://evil.example\r\n"));
        (ClientWebSocket client, _) = await OpenAsync(listener, configure: o => o.SetRequestHeader("Origin", "https://dashboard.local"));

        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", refused, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Theory]
    [InlineData("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", "404 Not Found")]
    [InlineData("POST /ws HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "405 Method Not Allowed")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n", "426 Upgrade Required")]
    [InlineData("GET /ws HTTP/1.0\r\nHost: x\r\n\r\n", "400 Bad Request")]
    [InlineData("GET /ws HTTP/1.1\r\n\r\n", "400 Bad Request")]
    [InlineData("GET /ws HTTP/1.1\r\nHost : x\r\n\r\n", "400 Bad Request")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "400 Bad Request")]
    [InlineData("hello router\r\n\r\n", "400 Bad Request")]
    public async Task BadRequests_GetTheirStatusAndAreClosed(string request, string status)
    {
        RawSocketListener listener = Start();

        string response = await RawExchangeAsync(listener, request);

        Assert.StartsWith($"HTTP/1.1 {status}\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", response, StringComparison.Ordinal);
        Assert.False(_scope.Peers.TryNextPeer(out _));
    }

    [Theory]
    [InlineData("mqtt", "400 Bad Request")]
    [InlineData("", "400 Bad Request")]
    public async Task Upgrade_WithoutAWampSubprotocol_Gets400(string protocol, string status)
    {
        RawSocketListener listener = Start();

        string response = await RawExchangeAsync(listener, UpgradeRequest(protocol: protocol));

        Assert.StartsWith($"HTTP/1.1 {status}\r\n", response, StringComparison.Ordinal);
        Assert.Contains("wamp.2.json", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrade_WrongVersion_Gets426WithTheSupportedVersion()
    {
        RawSocketListener listener = Start();

        string response = await RawExchangeAsync(listener, UpgradeRequest().Replace("Version: 13", "Version: 8", StringComparison.Ordinal));

        Assert.StartsWith("HTTP/1.1 426 Upgrade Required\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nSec-WebSocket-Version: 13\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrade_RawResponse_HasTheRfcAcceptValue()
    {
        RawSocketListener listener = Start();
        using RawSocketTestClient raw = await RawSocketTestClient.ConnectAsync(listener.LocalEndPoint!, Timeout);

        await raw.SendAsync(Encoding.ASCII.GetBytes(UpgradeRequest()), Timeout);
        RecordingPeer peer = await _scope.Peers.NextPeerAsync(Timeout);
        peer.Connection.Close();
        string response = Encoding.Latin1.GetString(await raw.ReceiveUntilClosedAsync(Timeout));

        // RFC 6455, section 1.3: the key "dGhlIHNhbXBsZSBub25jZQ==" gives "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
        Assert.Contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nSec-WebSocket-Protocol: wamp.2.json\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestHead_LargerThanTheLimit_Gets431()
    {
        RawSocketListener listener = Start(new WebSocketListenerOptions { MaxRequestHeadBytes = 1024 });

        string response = await RawExchangeAsync(listener, UpgradeRequest(extra: $"X-Padding: {new string('a', 2000)}\r\n"));

        Assert.StartsWith("HTTP/1.1 431 ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wss_OverTls_CarriesMessages_AndTheCookieIsSecure()
    {
        using var certificates = new TestCertificates();
        RawSocketListener listener = Start(tls: TlsListenerOptions.FromPemFiles(certificates.CertificatePath, certificates.KeyPath, ClientCertificateMode.None, null));
        (ClientWebSocket client, RecordingPeer peer) = await OpenAsync(listener, "wamp.2.cbor", o =>
            o.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 c && certificates.ValidateServer(c), "wss");

        await client.SendAsync(new byte[] { 0x81, 0x01 }, WebSocketMessageType.Binary, true, Timeout);
        byte[] received = await peer.ReceiveAsync(Timeout);

        Assert.Equal([0x81, 0x01], received);
        Assert.True(peer.Connection.Transport.IsEncrypted);
        Assert.Equal(TransportKind.WebSocket, peer.Connection.Transport.Kind);
        Assert.StartsWith("wss ", peer.Connection.Description, StringComparison.Ordinal);
        Assert.EndsWith("; Secure", Assert.Single(client.HttpResponseHeaders!["Set-Cookie"]), StringComparison.Ordinal);
    }
}
