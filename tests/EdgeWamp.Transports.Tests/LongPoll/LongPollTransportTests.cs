using System.Net;
using System.Text.Json;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Tests.TestSupport;
using EdgeWamp.Transports.WebSocket;

namespace EdgeWamp.Transports.Tests.LongPoll;

/// <summary>The HTTP long-poll transport (WAMP spec, "HTTP Longpoll Transport") with HttpClient over loopback.</summary>
public sealed class LongPollTransportTests : IAsyncLifetime
{
    private readonly ListenerScope _scope = new();
    private readonly CancellationTokenSource _timeout = new(ListenerScope.TestTimeout);
    private readonly HttpClient _http = new();

    private CancellationToken Timeout => _timeout.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _scope.DisposeAsync();
        _timeout.Dispose();
    }

    private string Start(TimeSpan? idleTimeout = null)
    {
        RawSocketListener listener = _scope.Start(ep => new RawSocketListenerOptions
        {
            EndPoint = ep,
            WebSocket = new WebSocketListenerOptions
            {
                LongPollPath = "/longpoll",
                LongPollWait = TimeSpan.FromMilliseconds(300),
                LongPollIdleTimeout = idleTimeout ?? TimeSpan.FromSeconds(60),
            },
        });
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}/longpoll";
    }

    private async Task<(string Transport, RecordingPeer Peer)> OpenAsync(string baseUrl, string protocol = "wamp.2.json")
    {
        // StringContent sends a Content-Length; the router reads bodies by length only (no chunked encoding).
        using HttpResponseMessage response = await _http.PostAsync($"{baseUrl}/open", new StringContent($"{{\"protocols\": [\"{protocol}\"]}}"), Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument opened = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Timeout));
        Assert.Equal(protocol, opened.RootElement.GetProperty("protocol").GetString());
        return (opened.RootElement.GetProperty("transport").GetString()!, await _scope.Peers.NextPeerAsync(Timeout));
    }

    [Fact]
    public async Task Open_Send_Receive_Close_CarryAWampSession()
    {
        string baseUrl = Start();
        (string transport, RecordingPeer peer) = await OpenAsync(baseUrl);

        using HttpResponseMessage sent = await _http.PostAsync($"{baseUrl}/{transport}/send", new StringContent("[1,\"realm1\",{}]"), Timeout);
        byte[] received = await peer.ReceiveAsync(Timeout);
        Assert.Equal(WriteResult.Written, peer.Connection.TryWrite("[2,7,{}]"u8));
        using HttpResponseMessage polled = await _http.PostAsync($"{baseUrl}/{transport}/receive", null, Timeout);
        string body = await polled.Content.ReadAsStringAsync(Timeout);
        using HttpResponseMessage closed = await _http.PostAsync($"{baseUrl}/{transport}/close", null, Timeout);
        await peer.Disconnected.WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal("[1,\"realm1\",{}]"u8.ToArray(), received);
        Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
        Assert.Equal("[2,7,{}]", body);
        Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
        Assert.Equal(TransportKind.LongPoll, peer.Connection.Transport.Kind);
        Assert.Equal(WampSerializer.Json, peer.Connection.Serializer);
    }

    [Fact]
    public async Task Receive_NothingQueued_Is204AfterTheWait()
    {
        string baseUrl = Start();
        (string transport, _) = await OpenAsync(baseUrl);

        using HttpResponseMessage polled = await _http.PostAsync($"{baseUrl}/{transport}/receive", null, Timeout);

        Assert.Equal(HttpStatusCode.NoContent, polled.StatusCode);
    }

    [Fact]
    public async Task Receive_Batched_ReturnsEverythingQueuedAsOneBatch()
    {
        string baseUrl = Start();
        (string transport, RecordingPeer peer) = await OpenAsync(baseUrl, "wamp.2.json.batched");
        peer.Connection.TryWrite("[36,1,2,{}]"u8);
        peer.Connection.TryWrite("[36,1,3,{}]"u8);

        using HttpResponseMessage polled = await _http.PostAsync($"{baseUrl}/{transport}/receive", null, Timeout);

        Assert.Equal("[36,1,2,{}]\u001e[36,1,3,{}]\u001e", await polled.Content.ReadAsStringAsync(Timeout));
    }

    [Fact]
    public async Task RouterClose_QueuedMessagesThenGone()
    {
        string baseUrl = Start();
        (string transport, RecordingPeer peer) = await OpenAsync(baseUrl);
        peer.Connection.TryWrite("[6,{},\"wamp.close.goodbye_and_out\"]"u8);
        peer.Connection.Close();

        using HttpResponseMessage last = await _http.PostAsync($"{baseUrl}/{transport}/receive", null, Timeout);
        using HttpResponseMessage gone = await _http.PostAsync($"{baseUrl}/{transport}/receive", null, Timeout);

        Assert.Equal("[6,{},\"wamp.close.goodbye_and_out\"]", await last.Content.ReadAsStringAsync(Timeout));
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        await peer.Disconnected.WaitAsync(Timeout);
    }

    [Fact]
    public async Task IdleTransport_IsClosedAndItsSessionEnds()
    {
        string baseUrl = Start(idleTimeout: TimeSpan.FromMilliseconds(200));
        (string transport, RecordingPeer peer) = await OpenAsync(baseUrl);

        await peer.Disconnected.WaitAsync(Timeout);
        using HttpResponseMessage after = await _http.PostAsync($"{baseUrl}/{transport}/receive", null, Timeout);

        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(WriteResult.Closed, peer.Connection.TryWrite("[36]"u8));
    }

    [Theory]
    [InlineData("{\"protocols\": [\"wamp.2.flatbuffers\"]}", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    public async Task Open_WithoutAUsableProtocol_Is400(string body, HttpStatusCode expected)
    {
        string baseUrl = Start();

        using HttpResponseMessage response = await _http.PostAsync($"{baseUrl}/open", new StringContent(body), Timeout);

        Assert.Equal(expected, response.StatusCode);
        Assert.False(_scope.Peers.TryNextPeer(out _));
    }

    [Fact]
    public async Task Send_InvalidBatch_Is400()
    {
        string baseUrl = Start();
        (string transport, _) = await OpenAsync(baseUrl, "wamp.2.json.batched");

        using HttpResponseMessage sent = await _http.PostAsync($"{baseUrl}/{transport}/send", new StringContent("[1] without separator"), Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, sent.StatusCode);
    }
}
