namespace EdgeWamp.Protocol.Serialization;

/// <summary>
/// The serializers EdgeWamp speaks. The numeric values are the RawSocket serializer ids
/// (WAMP spec, RawSocket transport, "Handshake": 1 = JSON, 2 = MessagePack, 3 = CBOR, 4 = UBJSON).
/// </summary>
public enum WampSerializer : byte
{
    None = 0,
    Json = 1,
    MsgPack = 2,
    Cbor = 3,
    UbJson = 4,
}
