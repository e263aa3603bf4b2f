namespace EdgeWamp.Protocol.Serialization;

/// <summary>
/// Writes one value tree in one serializer into an <see cref="Buffers.OutputBuffer"/>.
/// Containers declare their item count up front (MessagePack, CBOR and counted UBJSON need it), and are closed with the End methods (JSON needs them).
/// </summary>
public interface IWampWriter
{
    WampSerializer Serializer { get; }

    void WriteStartArray(int count);

    void WriteEndArray();

    void WriteStartMap(int count);

    void WriteEndMap();

    void WritePropertyName(ReadOnlySpan<byte> utf8);

    void WriteUInt64(ulong value);

    void WriteInt64(long value);

    void WriteDouble(double value);

    void WriteBoolean(bool value);

    void WriteNull();

    void WriteString(ReadOnlySpan<byte> utf8);

    void WriteBytes(ReadOnlySpan<byte> bytes);

    /// <summary>Copies <paramref name="count"/> array items already encoded in this writer's serializer (JSON: separated by commas).</summary>
    void WriteEncodedItems(ReadOnlySpan<byte> encoded, int count);
}
