using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

/// <summary>A Details or Options map that is already encoded (e.g. passed through); <c>default</c> writes <c>{}</c>.</summary>
public readonly ref struct EncodedMap
{
    public EncodedMap(WampSerializer serializer, ReadOnlySpan<byte> bytes)
    {
        Serializer = serializer;
        Bytes = bytes;
    }

    public WampSerializer Serializer { get; }

    public ReadOnlySpan<byte> Bytes { get; }
}
