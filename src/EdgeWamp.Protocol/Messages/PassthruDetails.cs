using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

/// <summary>
/// Payload passthru mode (WAMP spec, "Payload Passthru Mode"): the ppt_* options of a PUBLISH, CALL or YIELD
/// travel unchanged into the EVENT, INVOCATION or RESULT details, and the payload is never inspected.
/// </summary>
public readonly ref struct PassthruDetails
{
    private readonly ReadOnlySpan<byte> _scheme;
    private readonly ReadOnlySpan<byte> _serializer;
    private readonly ReadOnlySpan<byte> _cipher;
    private readonly ReadOnlySpan<byte> _keyId;

    public PassthruDetails(ReadOnlySpan<byte> scheme, ReadOnlySpan<byte> serializer, ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> keyId)
    {
        _scheme = scheme;
        _serializer = serializer;
        _cipher = cipher;
        _keyId = keyId;
    }

    public int EntryCount => (_scheme.IsEmpty ? 0 : 1) + (_serializer.IsEmpty ? 0 : 1) + (_cipher.IsEmpty ? 0 : 1) + (_keyId.IsEmpty ? 0 : 1);

    /// <summary>Reads the ppt_* options; <paramref name="scratch"/> (4 × 256 bytes) holds any that were JSON-escaped.</summary>
    public static PassthruDetails Read(DetailsReader options, Span<byte> scratch)
    {
        if (!options.TryGetString("ppt_scheme"u8, scratch[..256], out ReadOnlySpan<byte> scheme))
        {
            return default;
        }

        options.TryGetString("ppt_serializer"u8, scratch[256..512], out ReadOnlySpan<byte> serializer);
        options.TryGetString("ppt_cipher"u8, scratch[512..768], out ReadOnlySpan<byte> cipher);
        options.TryGetString("ppt_keyid"u8, scratch[768..1024], out ReadOnlySpan<byte> keyId);
        return new PassthruDetails(scheme, serializer, cipher, keyId);
    }

    public void WriteEntries<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        Write(ref writer, "ppt_scheme"u8, _scheme);
        Write(ref writer, "ppt_serializer"u8, _serializer);
        Write(ref writer, "ppt_cipher"u8, _cipher);
        Write(ref writer, "ppt_keyid"u8, _keyId);
    }

    private static void Write<TWriter>(ref TWriter writer, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        where TWriter : struct, IWampWriter
    {
        if (!value.IsEmpty)
        {
            writer.WritePropertyName(key);
            writer.WriteString(value);
        }
    }
}
