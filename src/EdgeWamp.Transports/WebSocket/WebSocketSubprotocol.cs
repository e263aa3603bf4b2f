using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Transports.WebSocket;

/// <summary>
/// A WAMP WebSocket subprotocol (WAMP spec, "WebSocket Transport" and "Message Batching"): the serializer, and
/// whether several WAMP messages share one WebSocket message.
/// </summary>
internal sealed record WebSocketSubprotocol(string Name, WampSerializer Serializer, bool Batched)
{
    /// <summary>JSON batches end every message with the ASCII record separator.</summary>
    public const byte JsonRecordSeparator = 0x1E;

    /// <summary>Binary batches put a 32-bit big-endian length in front of every message.</summary>
    public const int LengthPrefixSize = 4;

    public static IReadOnlyList<WebSocketSubprotocol> All { get; } =
    [
        new("wamp.2.json", WampSerializer.Json, false),
        new("wamp.2.msgpack", WampSerializer.MsgPack, false),
        new("wamp.2.cbor", WampSerializer.Cbor, false),
        new("wamp.2.ubjson", WampSerializer.UbJson, false),
        new("wamp.2.json.batched", WampSerializer.Json, true),
        new("wamp.2.msgpack.batched", WampSerializer.MsgPack, true),
        new("wamp.2.cbor.batched", WampSerializer.Cbor, true),
        new("wamp.2.ubjson.batched", WampSerializer.UbJson, true),
    ];

    /// <summary>JSON travels in text messages, every other serializer in binary ones.</summary>
    public System.Net.WebSockets.WebSocketMessageType MessageType => Serializer == WampSerializer.Json
        ? System.Net.WebSockets.WebSocketMessageType.Text
        : System.Net.WebSockets.WebSocketMessageType.Binary;

    /// <summary>The octets batching adds around one message.</summary>
    public int FramingOverhead => !Batched ? 0 : Serializer == WampSerializer.Json ? 1 : LengthPrefixSize;

    /// <summary>The first subprotocol the client offers (in its order of preference) whose serializer the listener accepts.</summary>
    public static WebSocketSubprotocol? Select(IEnumerable<string> offered, IReadOnlyList<WampSerializer> accepted)
    {
        foreach (string name in offered)
        {
            foreach (WebSocketSubprotocol protocol in All)
            {
                if (string.Equals(protocol.Name, name, StringComparison.Ordinal) && accepted.Contains(protocol.Serializer))
                {
                    return protocol;
                }
            }
        }

        return null;
    }
}
