using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Codec;

/// <summary>A message's Arguments and ArgumentsKw exactly as they arrived: forwarded as bytes, never materialised.</summary>
public readonly ref struct EncodedPayload
{
    public EncodedPayload(WampSerializer serializer, ReadOnlySpan<byte> bytes, int count)
    {
        Serializer = serializer;
        Bytes = bytes;
        Count = count;
    }

    public static EncodedPayload Empty => default;

    public WampSerializer Serializer { get; }

    /// <summary>The encoded items; in JSON the comma between them is included.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>0 (no payload), 1 (Arguments) or 2 (Arguments and ArgumentsKw).</summary>
    public int Count { get; }
}
