namespace EdgeWamp.Protocol.Serialization;

/// <summary>The data model shared by the serializers, as far as WAMP needs it.</summary>
public enum WampValueKind : byte
{
    None = 0,
    Null,
    Boolean,
    UnsignedInteger,
    NegativeInteger,
    Float,
    String,
    Bytes,
    Array,
    Map,
}
