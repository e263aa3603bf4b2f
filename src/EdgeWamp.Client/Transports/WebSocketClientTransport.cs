using System.Buffers;
using System.Net.Security;
using System.Net.WebSockets;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Client.Transports;

/// <summary>
/// WAMP over WebSocket (WAMP spec, "WebSocket Transport"): subprotocol <c>wamp.2.json</c> (text messages),
/// <c>wamp.2.msgpack</c> or <c>wamp.2.cbor</c> (binary messages), one WAMP message per WebSocket message. The opening
/// handshake is <see cref="WebSocketClientHandshake"/>'s; .NET's managed WebSocket then runs the connection.
/// </summary>
public sealed class WebSocketClientTransport : IClientTransport
{
    private readonly WebSocket _socket;
    private readonly int _maxReceiveLength;
    private byte[] _receiveBuffer;

    private WebSocketClientTransport(WebSocket socket, WampSerializer serializer, int maxReceiveLength)
    {
        _socket = socket;
        Serializer = serializer;
        _maxReceiveLength = maxReceiveLength;
        _receiveBuffer = ArrayPool<byte>.Shared.Rent(4096);
    }

    public WampSerializer Serializer { get; }

    /// <summary>The subprotocol name that announces <paramref name="serializer"/>.</summary>
    public static string SubProtocolFor(WampSerializer serializer) => serializer switch
    {
        WampSerializer.Json => "wamp.2.json",
        WampSerializer.MsgPack => "wamp.2.msgpack",
        WampSerializer.Cbor => "wamp.2.cbor",
        WampSerializer.UbJson => "wamp.2.ubjson",
        _ => throw new ArgumentOutOfRangeException(nameof(serializer), serializer, "not a WAMP serializer"),
    };

    /// <summary>
    /// Connects to a <c>ws://</c> or <c>wss://</c> URL (ports 80 and 443 unless it names one), offering the one
    /// subprotocol of <paramref name="serializer"/>. wss:// checks the server's certificate against the system's
    /// trusted roots and the URL's host name.
    /// </summary>
    /// <exception cref="WampConnectionException">The connection or TLS failed, or the server refused the upgrade or chose no WAMP subprotocol.</exception>
    public static Task<WebSocketClientTransport> ConnectAsync(Uri uri, WampSerializer serializer, int maxReceiveLength, CancellationToken cancellationToken) =>
        ConnectAsync(uri, serializer, maxReceiveLength, validateCertificate: null, WebSocketClientHandshake.DefaultTimeout, cancellationToken);

    /// <param name="validateCertificate">Null for the system's validation; tests trust their own CA with it.</param>
    /// <param name="handshakeTimeout">How long the server may take to answer the upgrade request.</param>
    internal static async Task<WebSocketClientTransport> ConnectAsync(Uri uri, WampSerializer serializer, int maxReceiveLength, RemoteCertificateValidationCallback? validateCertificate, TimeSpan handshakeTimeout, CancellationToken cancellationToken)
    {
        if (uri.Scheme is not ("ws" or "wss"))
        {
            throw new WampConnectionException($"'{uri}' is not a ws:// or wss:// URL");
        }

        string subProtocol = SubProtocolFor(serializer);
        bool tls = uri.Scheme == "wss";
        Stream stream = await TcpStreamConnector.ConnectAsync(uri, tls ? 443 : 80, tls, validateCertificate, cancellationToken).ConfigureAwait(false);
        try
        {
            Stream upgraded = await WebSocketClientHandshake.UpgradeAsync(stream, uri, subProtocol, handshakeTimeout, cancellationToken).ConfigureAwait(false);

            // The keepalive interval is the one ClientWebSocket, this transport's former engine, used.
            WebSocket socket = WebSocket.CreateFromStream(upgraded, new WebSocketCreationOptions
            {
                IsServer = false,
                SubProtocol = subProtocol,
                KeepAliveInterval = WebSocket.DefaultKeepAliveInterval,
            });
            return new WebSocketClientTransport(socket, serializer, maxReceiveLength);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var type = Serializer == WampSerializer.Json ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        try
        {
            await _socket.SendAsync(message, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException exception)
        {
            throw new WampConnectionException($"the WebSocket connection failed: {exception.Message}", exception);
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        int length = 0;
        try
        {
            while (true)
            {
                if (length == _receiveBuffer.Length)
                {
                    if (length >= _maxReceiveLength)
                    {
                        throw new WampConnectionException($"the router sent a message above {_maxReceiveLength} bytes");
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(length * 2, _maxReceiveLength));
                    _receiveBuffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(_receiveBuffer);
                    _receiveBuffer = larger;
                }

                ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return ReadOnlyMemory<byte>.Empty;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    return _receiveBuffer.AsMemory(0, length);
                }
            }
        }
        catch (WebSocketException)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        byte[] buffer = Interlocked.Exchange(ref _receiveBuffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ValueTask.CompletedTask;
    }
}
