using System.Text;
using EdgeWamp.Client.Tests.TestSupport;
using EdgeWamp.Client.Transports;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Client.Tests;

/// <summary>
/// The client's RFC 6455 opening handshake against a scripted server on a real loopback socket: what the request
/// carries, every way a response can be wrong (each with its exact error), and frames that arrive with the head.
/// </summary>
public sealed class WebSocketClientHandshakeTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
    private readonly ScriptedWebSocketServer _server = new();

    private CancellationToken Timeout => _timeout.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    private Task<WebSocketClientTransport> ConnectAsync(Uri url, WampSerializer serializer = WampSerializer.Json, TimeSpan? handshakeTimeout = null) =>
        WebSocketClientTransport.ConnectAsync(url, serializer, 1 << 16, validateCertificate: null, handshakeTimeout ?? TimeSpan.FromSeconds(10), Timeout);

    /// <summary>Connects, answers with <paramref name="response"/> and returns the client's error message.</summary>
    private async Task<string> RefusedMessageAsync(Func<string> response, WampSerializer serializer = WampSerializer.Json)
    {
        Task<WebSocketClientTransport> connecting = ConnectAsync(_server.Url(), serializer);
        await _server.AcceptAsync(Timeout);
        await _server.WriteAsync(response(), Timeout);
        WampConnectionException error = await Assert.ThrowsAsync<WampConnectionException>(() => connecting);
        return error.Message;
    }

    private string Failed(string reason) => $"the WebSocket handshake with {_server.Url()} failed: {reason}";

    [Fact]
    public async Task ConnectAsync_SendsTheUpgradeRequestOfRfc6455()
    {
        Task<WebSocketClientTransport> connecting = ConnectAsync(_server.Url("/ws/path?realm=a%20b"), WampSerializer.Cbor);
        await _server.AcceptAsync(Timeout);
        await _server.WriteAsync(_server.Switching("wamp.2.cbor"), Timeout);
        await using WebSocketClientTransport transport = await connecting;

        Assert.StartsWith("GET /ws/path?realm=a%20b HTTP/1.1\r\n", _server.Request, StringComparison.Ordinal);
        Assert.Equal($"127.0.0.1:{_server.Port}", _server.Header("Host"));
        Assert.Equal("websocket", _server.Header("Upgrade"));
        Assert.Equal("Upgrade", _server.Header("Connection"));
        Assert.Equal("13", _server.Header("Sec-WebSocket-Version"));
        Assert.Equal("wamp.2.cbor", _server.Header("Sec-WebSocket-Protocol"));
        Assert.Equal(16, Convert.FromBase64String(_server.Key).Length);
        Assert.Equal(WampSerializer.Cbor, transport.Serializer);
    }

    [Fact]
    public async Task ConnectAsync_KeyIsFreshForEachConnection()
    {
        var keys = new HashSet<string>();
        for (int i = 0; i < 2; i++)
        {
            Task<WebSocketClientTransport> connecting = ConnectAsync(_server.Url());
            await _server.AcceptAsync(Timeout);
            await _server.WriteAsync(_server.Switching("wamp.2.json"), Timeout);
            await using WebSocketClientTransport transport = await connecting;
            keys.Add(_server.Key);
        }

        Assert.Equal(2, keys.Count);
    }

    [Fact]
    public async Task ConnectAsync_ResponseSplitAcrossWritesWithFramesBehindTheHead_LosesNoFrameOctet()
    {
        Task<WebSocketClientTransport> connecting = ConnectAsync(_server.Url());
        await _server.AcceptAsync(Timeout);
        byte[] first = ScriptedWebSocketServer.TextFrame("[1]");
        byte[] second = ScriptedWebSocketServer.TextFrame("[2,\"two\"]");
        await _server.WriteAsync(
            Timeout,
            Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpg"),
            Encoding.ASCII.GetBytes($"rade: WebSocket\r\nconnection: keep-alive, upgrade\r\nSec-WebSocket-Accept: {_server.ExpectedAccept}\r\n"),
            [.. Encoding.ASCII.GetBytes("Sec-WebSocket-Protocol: wamp.2.json\r\n\r\n"), .. first, .. second.AsSpan(0, 3)],
            second[3..]);
        await using WebSocketClientTransport transport = await connecting;

        Assert.Equal("[1]", Encoding.UTF8.GetString((await transport.ReceiveAsync(Timeout)).Span));
        Assert.Equal("[2,\"two\"]", Encoding.UTF8.GetString((await transport.ReceiveAsync(Timeout)).Span));
        await transport.SendAsync("[3]"u8.ToArray(), Timeout);
        (int opcode, byte[] payload) = await _server.ReadFrameAsync(Timeout);
        Assert.Equal(1, opcode);
        Assert.Equal("[3]", Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public async Task DisposeAsync_ClosesTheConnection()
    {
        Task<WebSocketClientTransport> connecting = ConnectAsync(_server.Url());
        await _server.AcceptAsync(Timeout);
        // One write: the frame arrives with the head, so the client's stream is the replaying one, and no unread octet
        // is left in the socket (which would make closing it a reset instead of an orderly end).
        await _server.WriteAsync(Timeout, [.. Encoding.ASCII.GetBytes(_server.Switching("wamp.2.json")), .. ScriptedWebSocketServer.TextFrame("[1]")]);
        WebSocketClientTransport transport = await connecting;

        await transport.DisposeAsync();

        IOException closed = await Assert.ThrowsAsync<IOException>(() => _server.ReadFrameAsync(Timeout));
        Assert.Equal("the client closed the connection", closed.Message);
    }

    [Fact]
    public async Task ConnectAsync_WrongAccept_FailsNamingBothValues()
    {
        string message = await RefusedMessageAsync(() => _server.Switching("wamp.2.json").Replace(_server.ExpectedAccept, "dGhlIHNhbXBsZSBub25jZQ==", StringComparison.Ordinal));

        Assert.Equal(Failed($"the response's Sec-WebSocket-Accept is 'dGhlIHNhbXBsZSBub25jZQ==', expected '{_server.ExpectedAccept}'"), message);
    }

    [Fact]
    public async Task ConnectAsync_NoAccept_Fails()
    {
        string message = await RefusedMessageAsync(() => "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: wamp.2.json\r\n\r\n");

        Assert.Equal(Failed("the response has no Sec-WebSocket-Accept header"), message);
    }

    [Fact]
    public async Task ConnectAsync_StatusOtherThan101_FailsQuotingTheStatusLine()
    {
        string message = await RefusedMessageAsync(() => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(Failed("the server answered 'HTTP/1.1 404 Not Found', not 101 Switching Protocols"), message);
    }

    [Fact]
    public async Task ConnectAsync_NotHttp_FailsQuotingWhatCame()
    {
        string message = await RefusedMessageAsync(() => "SSH-2.0-OpenSSH_9.2\r\n\r\n");

        Assert.Equal(Failed("the response does not start with an HTTP/1.1 status line: 'SSH-2.0-OpenSSH_9.2'"), message);
    }

    [Fact]
    public async Task ConnectAsync_SubprotocolNotOffered_FailsNamingBoth()
    {
        string message = await RefusedMessageAsync(() => _server.Switching("wamp.2.msgpack"), WampSerializer.Cbor);

        Assert.Equal(Failed("the server chose subprotocol 'wamp.2.msgpack', which was not offered (offered: wamp.2.cbor)"), message);
    }

    [Fact]
    public async Task ConnectAsync_NoSubprotocol_Fails()
    {
        string message = await RefusedMessageAsync(() => _server.Switching("x").Replace("Sec-WebSocket-Protocol: x\r\n", "", StringComparison.Ordinal));

        Assert.Equal(Failed("the server did not accept subprotocol wamp.2.json (its response names none)"), message);
    }

    [Fact]
    public async Task ConnectAsync_UpgradeNotWebSocket_Fails()
    {
        string message = await RefusedMessageAsync(() => _server.Switching("wamp.2.json").Replace("Upgrade: websocket", "Upgrade: h2c", StringComparison.Ordinal));

        Assert.Equal(Failed("the response's Upgrade header is 'h2c', not 'websocket'"), message);
    }

    [Fact]
    public async Task ConnectAsync_ConnectionWithoutUpgradeToken_Fails()
    {
        string message = await RefusedMessageAsync(() => _server.Switching("wamp.2.json").Replace("Connection: Upgrade", "Connection: keep-alive, upgraded", StringComparison.Ordinal));

        Assert.Equal(Failed("the response's Connection header 'keep-alive, upgraded' has no 'upgrade' token"), message);
    }

    [Fact]
    public async Task ConnectAsync_ExtensionNotOffered_Fails()
    {
        string message = await RefusedMessageAsync(() => _server.Switching("wamp.2.json").Replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n", StringComparison.Ordinal));

        Assert.Equal(Failed("the server chose extension 'permessage-deflate', which was not offered"), message);
    }

    [Fact]
    public async Task ConnectAsync_MalformedHeaderLine_FailsWithControlCharactersMasked()
    {
        string message = await RefusedMessageAsync(() => _server.Switching("wamp.2.json").Replace("Upgrade: websocket\r\n", "Upgrade websocket\u0007\r\n", StringComparison.Ordinal));

        Assert.Equal(Failed("the response has a malformed header line: 'Upgrade websocket?'"), message);
    }

    [Fact]
    public async Task ConnectAsync_HeadLongerThanTheLimit_Fails()
    {
        string message = await RefusedMessageAsync(() => "HTTP/1.1 101 Switching Protocols\r\nX-Padding: " + new string('a', WebSocketClientHandshake.MaxResponseHeadBytes));

        Assert.Equal(Failed("the response head is longer than 8192 bytes"), message);
    }

    [Fact]
    public async Task ConnectAsync_ServerClosesMidHead_Fails()
    {
        string expected = Failed("the server closed the connection in the middle of the response head");
        Task<WebSocketClientTransport> connecting = ConnectAsync(_server.Url());
        await _server.AcceptAsync(Timeout);
        await _server.WriteAsync("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n", Timeout);
        await _server.DisposeAsync();

        WampConnectionException error = await Assert.ThrowsAsync<WampConnectionException>(() => connecting);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task ConnectAsync_ServerNeverAnswers_FailsAfterTheHandshakeTimeout()
    {
        Task<WebSocketClientTransport> connecting = ConnectAsync(_server.Url(), handshakeTimeout: TimeSpan.FromMilliseconds(200));
        await _server.AcceptAsync(Timeout);

        WampConnectionException error = await Assert.ThrowsAsync<WampConnectionException>(() => connecting);
        Assert.Equal(Failed("no complete response within 0.2 s"), error.Message);
    }

    [Fact]
    public async Task ConnectAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        Task<WebSocketClientTransport> connecting = WebSocketClientTransport.ConnectAsync(_server.Url(), WampSerializer.Json, 1 << 16, cancel.Token);
        await _server.AcceptAsync(Timeout);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting);
    }

    [Theory]
    [InlineData("ws://example.com/ws", "example.com")]
    [InlineData("wss://example.com/ws", "example.com")]
    [InlineData("ws://example.com:80/ws", "example.com")]
    [InlineData("wss://example.com:8443/ws", "example.com:8443")]
    [InlineData("ws://[::1]:9000/ws", "[::1]:9000")]
    [InlineData("ws://bücher.example/ws", "xn--bcher-kva.example")]
    public void Request_HostField_CarriesThePortOnlyWhenNotTheDefault(string url, string host)
    {
        string request = Encoding.ASCII.GetString(WebSocketClientHandshake.Request(new Uri(url), "dGhlIHNhbXBsZSBub25jZQ==", "wamp.2.json"));

        Assert.Contains($"\r\nHost: {host}\r\n", request, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_Rfc6455SampleKey_GivesTheSampleAccept()
    {
        // RFC 6455, section 1.3.
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketClientHandshake.Accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}
