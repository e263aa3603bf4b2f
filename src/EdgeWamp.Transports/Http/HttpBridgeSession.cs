using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Transports.Http;

/// <summary>
/// One HTTP bridge request as a real WAMP session through the router (JSON serializer): HELLO (ticket when the
/// request carries credentials, else anonymous), the PUBLISH or CALL, GOODBYE. The router's authentication and
/// authorization therefore apply exactly as to any other session.
/// </summary>
internal sealed class HttpBridgeSession : IWampConnection
{
    // Bounded: a session for one request gets a handful of messages; more is a bug or an event flood, and dropped.
    private readonly Channel<byte[]> _received = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private int _closed;

    public HttpBridgeSession(string description, TransportInfo transport)
    {
        Description = description;
        Transport = transport;
    }

    public WampSerializer Serializer => WampSerializer.Json;

    public string Description { get; }

    public TransportInfo Transport { get; }

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return WriteResult.Closed;
        }

        return _received.Writer.TryWrite(message.ToArray()) ? WriteResult.Written : WriteResult.Full;
    }

    public void Close()
    {
        Interlocked.Exchange(ref _closed, 1);
        _received.Writer.TryComplete();
    }

    /// <summary>The next message the router sent, parsed; null when the router closed the session.</summary>
    public async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            byte[] message = await _received.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return JsonDocument.Parse(message);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Writes one WAMP message as a JSON array and hands it to the router session.</summary>
    public static void Send(IWampPeer peer, Action<Utf8JsonWriter> writeElements)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writeElements(writer);
            writer.WriteEndArray();
        }

        peer.Receive(buffer.WrittenSpan);
    }

    public static WampMessageType TypeOf(JsonDocument message) =>
        message.RootElement.ValueKind == JsonValueKind.Array && message.RootElement.GetArrayLength() > 0 && message.RootElement[0].TryGetInt32(out int type)
            ? (WampMessageType)type
            : WampMessageType.None;
}
