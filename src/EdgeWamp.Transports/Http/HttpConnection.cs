using EdgeWamp.Protocol.Streams;
using System.Net.WebSockets;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Transports.LongPoll;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Streams;
using EdgeWamp.Transports.WebSocket;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.Http;

/// <summary>
/// One HTTP/1.1 connection on a listener that serves WebSocket: reads one request head (bounded in size and time)
/// and either upgrades it to a WAMP WebSocket connection at the configured path or answers with an error status
/// and closes.
/// </summary>
internal sealed class HttpConnection
{
    private readonly TransportStream _transport;
    private readonly RawSocketListenerOptions _options;
    private readonly WebSocketListenerOptions _webSocket;
    private readonly string _description;
    private readonly TransportInfo _info;
    private readonly ILogger _logger;
    private readonly LongPollTransports? _longPoll;

    public HttpConnection(TransportStream transport, RawSocketListenerOptions options, string description, TransportInfo info, ILogger logger, LongPollTransports? longPoll = null)
    {
        _longPoll = longPoll;
        _transport = transport;
        _options = options;
        _webSocket = options.WebSocket!;
        _description = description;
        _info = info;
        _logger = logger;
    }

    /// <summary>
    /// 1. read the request head (the stream replays the octet the listener sniffed);
    /// 2. route it: the WebSocket path upgrades, anything else gets its status code;
    /// 3. after an upgrade, run the WebSocket connection until it ends.
    /// </summary>
    public async Task RunAsync(IWampPeerFactory peers, Func<bool> acceptMore, CancellationToken stopping)
    {
        Stream stream = _transport.Stream;
        byte[] buffer = new byte[_webSocket.MaxRequestHeadBytes];
        HttpRequestHead? request;
        int headLength;
        int received;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            timeout.CancelAfter(_options.HandshakeTimeout);
            try
            {
                (headLength, received) = await HttpHeadReader.ReadAsync(stream, buffer, 0, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                _logger.HandshakeRefused(_description, "no complete HTTP request head within the timeout");
                return;
            }

            if (headLength == -2)
            {
                _logger.HandshakeRefused(_description, "the client closed before its HTTP request head was complete");
                return;
            }

            if (headLength == -1)
            {
                await RefuseAsync(431, $"the request head is larger than {buffer.Length} bytes", stopping).ConfigureAwait(false);
                return;
            }

            request = HttpRequestHead.TryParse(buffer.AsSpan(0, headLength), out string problem);
            if (request is null)
            {
                await RefuseAsync(400, problem, stopping).ConfigureAwait(false);
                return;
            }
        }

        if (_longPoll is not null && _webSocket.LongPollPath is { } longPollPath
            && request.Path.Length > longPollPath.Length + 1 && request.Path.StartsWith(longPollPath + "/", StringComparison.Ordinal))
        {
            await LongPollAsync(request, request.Path[(longPollPath.Length + 1)..], buffer, headLength + 4, received, peers, stopping).ConfigureAwait(false);
            return;
        }

        if (_webSocket.BridgeRealm is { } realm && request.Path is HttpBridge.PublishPath or HttpBridge.CallPath)
        {
            await BridgeAsync(request, realm, buffer, headLength + 4, received, peers, stopping).ConfigureAwait(false);
            return;
        }

        if (!string.Equals(request.Path, _webSocket.Path, StringComparison.Ordinal))
        {
            await RefuseAsync(404, $"nothing is served at {request.Path}", stopping).ConfigureAwait(false);
            return;
        }

        // Octets after the head belong to the WebSocket stream (a client should wait for the 101, but may not).
        int bodyStart = headLength + 4;
        Stream webSocketStream = received > bodyStart ? new ReplayStream(stream, buffer, bodyStart, received) : stream;
        await UpgradeAsync(request, webSocketStream, peers, acceptMore, stopping).ConfigureAwait(false);
    }

    /// <summary>The opening handshake, server side (RFC 6455, section 4.2.1 and 4.2.2), then the WAMP connection.</summary>
    private async Task UpgradeAsync(HttpRequestHead request, Stream stream, IWampPeerFactory peers, Func<bool> acceptMore, CancellationToken stopping)
    {
        if (request.Method != "GET")
        {
            await RefuseAsync(405, $"{request.Method} is not allowed on {request.Path}; a WebSocket upgrade is a GET", stopping, "Allow: GET").ConfigureAwait(false);
            return;
        }

        if (!Contains(request.ListElements("Upgrade"), "websocket"))
        {
            await RefuseAsync(426, $"{request.Path} serves WAMP over WebSocket only", stopping, "Upgrade: websocket", "Sec-WebSocket-Version: 13").ConfigureAwait(false);
            return;
        }

        if (!Contains(request.ListElements("Connection"), "upgrade"))
        {
            await RefuseAsync(400, "a WebSocket upgrade needs 'Connection: Upgrade'", stopping).ConfigureAwait(false);
            return;
        }

        if (request["Sec-WebSocket-Version"] != "13")
        {
            await RefuseAsync(426, "only WebSocket version 13 is served", stopping, "Sec-WebSocket-Version: 13").ConfigureAwait(false);
            return;
        }

        string? key = request["Sec-WebSocket-Key"];
        if (request.Count("Sec-WebSocket-Key") != 1 || !WebSocketHandshake.IsValidKey(key))
        {
            await RefuseAsync(400, "Sec-WebSocket-Key is not 16 octets in base64", stopping).ConfigureAwait(false);
            return;
        }

        string? origin = request["Origin"];
        if (origin is not null && !IsAllowedOrigin(origin))
        {
            await RefuseAsync(403, $"origin {origin} is not allowed", stopping).ConfigureAwait(false);
            return;
        }

        List<string> offered = request.ListElements("Sec-WebSocket-Protocol");
        WebSocketSubprotocol? protocol = WebSocketSubprotocol.Select(offered, _options.Serializers);
        if (protocol is null)
        {
            string what = offered.Count == 0 ? "no subprotocol was offered" : $"none of {string.Join(", ", offered)} is accepted here";
            await RefuseAsync(400, $"{what}; offer one of: {string.Join(", ", AcceptedProtocolNames())}", stopping).ConfigureAwait(false);
            return;
        }

        if (!acceptMore())
        {
            await RefuseAsync(503, "maximum connection count reached", stopping).ConfigureAwait(false);
            return;
        }

        string? presentedCookie = null;
        string? issuedCookie = null;
        string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Accept: {WebSocketHandshake.Accept(key!)}\r\nSec-WebSocket-Protocol: {protocol.Name}\r\n";
        if (_webSocket.CookieName is { } cookieName)
        {
            // Every upgrade gets a fresh cookie: the presented one may have been planted by someone else (session
            // fixation), so it only serves to authenticate and the router records nothing but the issued one.
            presentedCookie = AuthCookie.Read(request.Values("Cookie"), cookieName);
            issuedCookie = AuthCookie.Issue();
            response += AuthCookie.SetCookieHeader(cookieName, issuedCookie, _info.IsEncrypted) + "\r\n";
        }

        response += "\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(response), stopping).ConfigureAwait(false);

        bool keepAlive = _options.PingInterval > TimeSpan.Zero;
        System.Net.WebSockets.WebSocket webSocket = System.Net.WebSockets.WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = protocol.Name,
            KeepAliveInterval = keepAlive ? _options.PingInterval : TimeSpan.Zero,
            KeepAliveTimeout = keepAlive ? _options.PingTimeout : Timeout.InfiniteTimeSpan,
        });
        TransportInfo info = new()
        {
            Kind = TransportKind.WebSocket,
            RemoteAddress = _info.RemoteAddress,
            IsEncrypted = _info.IsEncrypted,
            ClientCertificate = _info.ClientCertificate,
            TlsUnique = _info.TlsUnique,
            AuthCookie = presentedCookie,
            IssuedAuthCookie = issuedCookie,
        };
        string description = (_info.IsEncrypted ? "wss" : "ws") + _description[_description.IndexOf(' ', StringComparison.Ordinal)..];
        using var connection = new WebSocketConnection(_transport, webSocket, protocol, _options, description, info, _logger);
        await connection.RunAsync(peers, stopping).ConfigureAwait(false);
    }

    /// <summary>One bridge request: checks, the JSON body (bounded by the maximum message size), the WAMP session, the answer.</summary>
    private async Task BridgeAsync(HttpRequestHead request, string realm, byte[] head, int bodyStart, int received, IWampPeerFactory peers, CancellationToken stopping)
    {
        if (request.Method != "POST")
        {
            await RefuseAsync(405, $"{request.Method} is not allowed on {request.Path}; use POST with a JSON body", stopping, "Allow: POST").ConfigureAwait(false);
            return;
        }

        string? origin = request["Origin"];
        if (origin is not null && !IsAllowedOrigin(origin))
        {
            await RefuseAsync(403, $"origin {origin} is not allowed", stopping).ConfigureAwait(false);
            return;
        }

        byte[]? body = await ReadBodyAsync(request, head, bodyStart, received, stopping).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        System.Text.Json.JsonDocument document;
        try
        {
            document = System.Text.Json.JsonDocument.Parse(body);
        }
        catch (System.Text.Json.JsonException exception)
        {
            await RefuseAsync(400, $"the body is not JSON: {exception.Message}", stopping).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var info = new TransportInfo
            {
                Kind = TransportKind.Http,
                RemoteAddress = _info.RemoteAddress,
                IsEncrypted = _info.IsEncrypted,
                ClientCertificate = _info.ClientCertificate,
                TlsUnique = _info.TlsUnique,
            };
            string description = "http" + (_info.IsEncrypted ? "s" : string.Empty) + _description[_description.IndexOf(' ', StringComparison.Ordinal)..];
            var session = new HttpBridgeSession(description, info);
            var bridge = new HttpBridge(realm, _webSocket.BridgeTimeout);
            (int status, string answer) = await bridge.HandleAsync(request.Path, document.RootElement, request["Authorization"], peers, session, stopping).ConfigureAwait(false);
            if (status != 200)
            {
                _logger.HttpRequestRefused(_description, status, answer);
            }

            await HttpResponse.WriteAsync(_transport.Stream, status, answer + "\n", stopping, "application/json").ConfigureAwait(false);
            await _transport.ShutdownSendAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The request body (by Content-Length, at most the maximum message size); null after refusing the request.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpRequestHead request, byte[] head, int bodyStart, int received, CancellationToken stopping)
    {
        int length = 0;
        if (request.Count("Transfer-Encoding") > 0 || request.Count("Content-Length") > 1
            || (request.Count("Content-Length") == 1 && !int.TryParse(request["Content-Length"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length)))
        {
            await RefuseAsync(411, "send the body with one Content-Length", stopping).ConfigureAwait(false);
            return null;
        }

        if (length > _options.MaxMessageSize)
        {
            await RefuseAsync(413, $"the body is larger than the maximum of {_options.MaxMessageSize} bytes", stopping).ConfigureAwait(false);
            return null;
        }

        byte[] body = new byte[length];
        int buffered = Math.Min(length, received - bodyStart);
        head.AsSpan(bodyStart, buffered).CopyTo(body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_options.HandshakeTimeout);
        try
        {
            await _transport.Stream.ReadExactlyAsync(body.AsMemory(buffered), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or EndOfStreamException && !stopping.IsCancellationRequested)
        {
            _logger.HandshakeRefused(_description, "the HTTP request body did not arrive in full");
            return null;
        }

        return body;
    }

    /// <summary>
    /// The long-poll transport (WAMP spec, "HTTP Longpoll Transport"): <c>open</c> creates a transport and its
    /// session, then <c>{id}/receive</c> waits for what the router sends, <c>{id}/send</c> hands a message (or a
    /// batch) to it, <c>{id}/close</c> ends it.
    /// </summary>
    private async Task LongPollAsync(HttpRequestHead request, string action, byte[] head, int bodyStart, int received, IWampPeerFactory peers, CancellationToken stopping)
    {
        if (request.Method != "POST")
        {
            await RefuseAsync(405, $"{request.Method} is not allowed on {request.Path}; long-poll requests are POSTs", stopping, "Allow: POST").ConfigureAwait(false);
            return;
        }

        string? origin = request["Origin"];
        if (origin is not null && !IsAllowedOrigin(origin))
        {
            await RefuseAsync(403, $"origin {origin} is not allowed", stopping).ConfigureAwait(false);
            return;
        }

        byte[]? body = await ReadBodyAsync(request, head, bodyStart, received, stopping).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        if (action == "open")
        {
            await LongPollOpenAsync(body, peers, stopping).ConfigureAwait(false);
            return;
        }

        int slash = action.IndexOf('/', StringComparison.Ordinal);
        LongPollConnection? connection = slash > 0 ? _longPoll!.Find(action[..slash]) : null;
        if (connection is null)
        {
            await RefuseAsync(404, $"no long-poll transport at {request.Path}", stopping).ConfigureAwait(false);
            return;
        }

        switch (action[(slash + 1)..])
        {
            case "receive":
                byte[]? messages = await connection.ReceiveAsync(_webSocket.LongPollWait, stopping).ConfigureAwait(false);
                if (messages is { Length: 0 })
                {
                    _longPoll!.Remove(connection);
                    await RespondAsync(410, [], "text/plain", stopping).ConfigureAwait(false);
                }
                else
                {
                    await RespondAsync(messages is null ? 204 : 200, messages ?? [], ContentType(connection.Protocol), stopping).ConfigureAwait(false);
                }

                return;
            case "send":
                if (connection.Deliver(body))
                {
                    await RespondAsync(202, [], "text/plain", stopping).ConfigureAwait(false);
                }
                else
                {
                    await RefuseAsync(400, $"the body is not a valid {connection.Protocol.Name} message", stopping).ConfigureAwait(false);
                }

                return;
            case "close":
                _longPoll!.Remove(connection);
                await RespondAsync(202, [], "text/plain", stopping).ConfigureAwait(false);
                return;
            default:
                await RefuseAsync(404, $"no long-poll action at {request.Path}", stopping).ConfigureAwait(false);
                return;
        }
    }

    private async Task LongPollOpenAsync(byte[] body, IWampPeerFactory peers, CancellationToken stopping)
    {
        var offered = new List<string>();
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("protocols", out System.Text.Json.JsonElement protocols)
                && protocols.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                foreach (System.Text.Json.JsonElement protocol in protocols.EnumerateArray())
                {
                    if (protocol.ValueKind == System.Text.Json.JsonValueKind.String)
                    {
                        offered.Add(protocol.GetString()!);
                    }
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Answered below like a body without protocols.
        }

        WebSocketSubprotocol? chosen = WebSocketSubprotocol.Select(offered, _options.Serializers);
        if (chosen is null)
        {
            await RefuseAsync(400, "the body must be {\"protocols\": [...]} naming a protocol this listener speaks, e.g. wamp.2.json", stopping).ConfigureAwait(false);
            return;
        }

        // Long-poll sessions outlive their HTTP connections, so they are bounded on their own.
        if (_longPoll!.Count >= _options.MaxConnections)
        {
            await RefuseAsync(503, "maximum long-poll transport count reached", stopping).ConfigureAwait(false);
            return;
        }

        var info = new TransportInfo
        {
            Kind = TransportKind.LongPoll,
            RemoteAddress = _info.RemoteAddress,
            IsEncrypted = _info.IsEncrypted,
            ClientCertificate = _info.ClientCertificate,
            TlsUnique = _info.TlsUnique,
        };
        LongPollConnection connection = _longPoll!.Open(chosen, _options.MaxOutboxBytes, "http" + (_info.IsEncrypted ? "s" : string.Empty) + _description[_description.IndexOf(' ', StringComparison.Ordinal)..], info, peers);
        _logger.ConnectionOpened(connection.Description, chosen.Name);
        string answer = $"{{\"protocol\":\"{chosen.Name}\",\"transport\":\"{connection.Id}\"}}";
        await RespondAsync(200, System.Text.Encoding.UTF8.GetBytes(answer), "application/json", stopping).ConfigureAwait(false);
    }

    private static string ContentType(WebSocketSubprotocol protocol) =>
        protocol.Serializer == Protocol.Serialization.WampSerializer.Json ? "application/json; charset=utf-8" : "application/octet-stream";

    private async Task RespondAsync(int status, byte[] body, string contentType, CancellationToken stopping)
    {
        try
        {
            await HttpResponse.WriteAsync(_transport.Stream, status, body, contentType, stopping).ConfigureAwait(false);
            await _transport.ShutdownSendAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (TransportStream.IsDisconnect(exception))
        {
            // The client is gone; a long-poll client simply asks again.
        }
    }

    private bool IsAllowedOrigin(string origin)
    {
        if (_webSocket.AllowedOrigins is not { } allowed)
        {
            return true;
        }

        foreach (string entry in allowed)
        {
            if (entry == "*" || string.Equals(entry, origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<string> AcceptedProtocolNames()
    {
        foreach (WebSocketSubprotocol protocol in WebSocketSubprotocol.All)
        {
            if (_options.Serializers.Contains(protocol.Serializer))
            {
                yield return protocol.Name;
            }
        }
    }

    private static bool Contains(List<string> elements, string token)
    {
        foreach (string element in elements)
        {
            if (string.Equals(element, token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Answers with an error status and a one-line reason, logs it once, and lets the caller close.</summary>
    private async Task RefuseAsync(int status, string reason, CancellationToken stopping, params string[] headers)
    {
        _logger.HttpRequestRefused(_description, status, reason);
        try
        {
            await HttpResponse.WriteAsync(_transport.Stream, status, reason + "\n", stopping, headers: headers).ConfigureAwait(false);
            await _transport.ShutdownSendAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (TransportStream.IsDisconnect(exception))
        {
            // The client is gone: nothing to tell it.
        }
    }
}
