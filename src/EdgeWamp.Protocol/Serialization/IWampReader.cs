namespace EdgeWamp.Protocol.Serialization;

/// <summary>
/// A forward-only, allocation-free reader over one encoded WAMP value tree, shaped like
/// <c>Utf8JsonReader</c>: every method is a <c>Try…</c> that consumes nothing when it returns <c>false</c>.
/// Implemented by ref structs, one per serializer, so decoders are written once as generics.
/// </summary>
public interface IWampReader
{
    /// <summary>Bytes consumed so far from the start of the input.</summary>
    int Position { get; }

    bool TryPeekKind(out WampValueKind kind);

    bool TryReadStartArray(out ContainerCursor cursor);

    bool TryReadStartMap(out ContainerCursor cursor);

    /// <summary>Moves to the next element of an array or the next key of a map, or consumes the container's end.</summary>
    NextItem MoveNext(ref ContainerCursor cursor);

    bool TryReadUInt64(out ulong value);

    bool TryReadInt64(out long value);

    bool TryReadDouble(out double value);

    bool TryReadBoolean(out bool value);

    bool TryReadNull();

    /// <summary>Reads a text string. The result is a slice of the input, or of <paramref name="scratch"/> when it had to be unescaped or joined.</summary>
    bool TryReadString(Span<byte> scratch, out ReadOnlySpan<byte> utf8);

    /// <summary>Reads a map key; in JSON this also consumes the ':' that follows it (UBJSON keys have no marker).</summary>
    bool TryReadPropertyName(Span<byte> scratch, out ReadOnlySpan<byte> utf8);

    /// <summary>Reads a byte string (JSON: a string starting with U+0000 followed by base64; UBJSON: a strongly typed uint8 array).</summary>
    bool TryReadBytes(Span<byte> scratch, out ReadOnlySpan<byte> bytes);

    /// <summary>The number of bytes <see cref="TryReadString"/> or <see cref="TryReadBytes"/> needs in scratch for the next value, 0 when it can slice the input.</summary>
    int GetScratchLength();

    /// <summary>Skips one whole value, checking that it is well formed.</summary>
    bool TrySkipValue();

    /// <summary>
    /// Skips one whole value like <see cref="TrySkipValue"/>, in the same single pass also checking that it lies within
    /// the WAMP data model (<see cref="WampDataModel"/>). On <c>false</c> nothing is consumed, and
    /// <paramref name="outsideModel"/> tells a well-formed value outside the model (<c>true</c>) from one that is not
    /// well formed (<c>false</c>); a value that is both is reported as not well formed.
    /// </summary>
    bool TrySkipWampValue(out bool outsideModel);

    /// <summary>Skips a map key without reading it (JSON: and the ':' that follows it), checking that it is a well-formed text string.</summary>
    bool TrySkipPropertyName();
}
