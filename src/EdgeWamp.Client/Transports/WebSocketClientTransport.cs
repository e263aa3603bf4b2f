using System.Buffers;
using System.Net.WebSockets;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Client.Transports;

/// <summary>
/// WAMP over WebSocket (WAMP spec, "WebSocket Transport"): subprotocol <c>wamp.2.json</c> (text messages),
/// <c>wamp.2.msgpack</c> or <c>wamp.2.cbor</c> (binary messages), one WAMP message per WebSocket message.
/// </summary>
public sealed class WebSocketClientTransport : IClientTransport
{
    private readonly ClientWebSocket _socket;
    private readonly int _maxReceiveLength;
    private byte[] _receiveBuffer;

    private WebSocketClientTransport(ClientWebSocket socket, WampSerializer serializer, int maxReceiveLength)
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

    /// <exception cref="WampConnectionException">The server refused the upgrade or chose no WAMP subprotocol.</exception>
    public static async Task<WebSocketClientTransport> ConnectAsync(Uri uri, WampSerializer serializer, int maxReceiveLength, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocolFor(serializer));
        try
        {
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException exception)
        {
            socket.Dispose();
            throw new WampConnectionException($"WebSocket connection to {uri} failed: {exception.Message}", exception);
        }

        if (socket.SubProtocol != SubProtocolFor(serializer))
        {
            socket.Dispose();
            throw new WampConnectionException($"the server at {uri} did not accept subprotocol {SubProtocolFor(serializer)}");
        }

        return new WebSocketClientTransport(socket, serializer, maxReceiveLength);
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
