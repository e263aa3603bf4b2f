using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;

namespace EdgeWamp.Protocol.Serialization.UbJson;

/// <summary>
/// Forward-only UBJSON reader over a span (Universal Binary JSON, Draft 12, ubjson.org). Returns slices of the input and
/// never allocates. Every <c>Try…</c> method leaves the position unchanged when it returns <c>false</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Containers may carry a count (<c>#</c>), a type and a count (<c>$</c> then <c>#</c>, "strongly typed": the values
/// then omit their markers), or neither (then <c>]</c> or <c>}</c> ends them). Inside a strongly typed container the
/// reader remembers the element marker from <see cref="MoveNext"/> until the value is consumed.</item>
/// <item>No-op (<c>N</c>) markers are skipped wherever a marked value, a key or a container end may follow.</item>
/// <item>Binary: UBJSON has no binary type; its spec ("Binary Data") and Autobahn (py-ubjson) carry bytes as a strongly
/// typed array of uint8, <c>[$U#</c> count bytes. That form reads as <see cref="WampValueKind.Bytes"/>, never as an
/// array of integers.</item>
/// <item>High-precision numbers (<c>H</c>, a JSON number as text) read as integers when they are integers in
/// [-2^63, 2^64 - 1] (py-ubjson writes larger ones so) and as floats when they have a fraction or exponent and a finite
/// double value; anything else is outside <see cref="WampDataModel"/>.</item>
/// <item>Char (<c>C</c>) reads as a one-byte string.</item>
/// </list>
/// </remarks>
public ref struct UbJsonSpanReader : IWampReader
{
    // Draft 12, "Value Types" and "Container Types": the markers.
    internal const byte Null = (byte)'Z';
    internal const byte NoOp = (byte)'N';
    internal const byte True = (byte)'T';
    internal const byte False = (byte)'F';
    internal const byte Int8 = (byte)'i';
    internal const byte UInt8 = (byte)'U';
    internal const byte Int16 = (byte)'I';
    internal const byte Int32 = (byte)'l';
    internal const byte Int64 = (byte)'L';
    internal const byte Float32 = (byte)'d';
    internal const byte Float64 = (byte)'D';
    internal const byte HighPrecision = (byte)'H';
    internal const byte Char = (byte)'C';
    internal const byte String = (byte)'S';
    internal const byte ArrayStart = (byte)'[';
    internal const byte ArrayEnd = (byte)']';
    internal const byte ObjectStart = (byte)'{';
    internal const byte ObjectEnd = (byte)'}';
    internal const byte ContainerType = (byte)'$';
    internal const byte ContainerCount = (byte)'#';

    /// <summary>Nesting bound for <see cref="TrySkipValue"/>: deeper input is rejected rather than risk the stack.</summary>
    internal const int MaxDepth = WampDataModel.MaxDepth;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    // The marker of the value at the position when it sits in a strongly typed container (and so has none of its own); 0 otherwise.
    private byte _implicitType;

    public UbJsonSpanReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _implicitType = 0;
    }

    public readonly int Position => _position;

    /// <summary>Whether only no-op markers are left (they may pad a message as whitespace pads JSON).</summary>
    public readonly bool IsAtEnd => _implicitType == 0 && SkipNoOps(_data, _position) == _data.Length;

    public readonly bool TryPeekKind(out WampValueKind kind)
    {
        kind = WampValueKind.None;
        if (!TryGetValueStart(out byte marker, out int position))
        {
            return false;
        }

        switch (marker)
        {
            case Null:
                kind = WampValueKind.Null;
                return true;
            case True or False:
                kind = WampValueKind.Boolean;
                return true;
            case Int8 or UInt8 or Int16 or Int32 or Int64:
                if (!TryReadIntegerPayload(_data, ref position, marker, out long integer))
                {
                    return false;
                }

                kind = integer < 0 ? WampValueKind.NegativeInteger : WampValueKind.UnsignedInteger;
                return true;
            case Float32 or Float64:
                kind = WampValueKind.Float;
                return true;
            case HighPrecision:
                return TryReadSized(_data, ref position, out ReadOnlySpan<byte> number) && TryClassifyHighPrecision(number, out kind);
            case String or Char:
                kind = WampValueKind.String;
                return true;
            case ArrayStart:
                if (!TryReadContainerHeader(_data, ref position, isMap: false, out byte elementType, out _))
                {
                    return false;
                }

                kind = elementType == UInt8 ? WampValueKind.Bytes : WampValueKind.Array;
                return true;
            case ObjectStart:
                kind = WampValueKind.Map;
                return true;
            default:
                return false;
        }
    }

    public bool TryReadStartArray(out ContainerCursor cursor) => TryReadContainer(isMap: false, out cursor);

    public bool TryReadStartMap(out ContainerCursor cursor) => TryReadContainer(isMap: true, out cursor);

    public NextItem MoveNext(ref ContainerCursor cursor)
    {
        if (cursor.Remaining >= 0)
        {
            if (cursor.Remaining == 0)
            {
                return NextItem.End;
            }

            cursor.Remaining--;
            _implicitType = cursor.ElementType;
            return NextItem.Item;
        }

        int position = SkipNoOps(_data, _position);
        if (position >= _data.Length)
        {
            return NextItem.Malformed;
        }

        if (_data[position] == (cursor.IsMap ? ObjectEnd : ArrayEnd))
        {
            _position = position + 1;
            return NextItem.End;
        }

        _position = position;
        _implicitType = 0;
        return NextItem.Item;
    }

    public bool TryReadUInt64(out ulong value)
    {
        value = 0;
        if (!TryGetValueStart(out byte marker, out int position))
        {
            return false;
        }

        if (marker == HighPrecision)
        {
            if (!TryReadSized(_data, ref position, out ReadOnlySpan<byte> number) || !TryParseHighPrecisionInteger(number, out value, out bool negative) || negative)
            {
                value = 0;
                return false;
            }
        }
        else if (TryReadIntegerPayload(_data, ref position, marker, out long integer) && integer >= 0)
        {
            value = (ulong)integer;
        }
        else
        {
            return false;
        }

        Commit(position);
        return true;
    }

    public bool TryReadInt64(out long value)
    {
        value = 0;
        if (!TryGetValueStart(out byte marker, out int position))
        {
            return false;
        }

        if (marker == HighPrecision)
        {
            if (!TryReadSized(_data, ref position, out ReadOnlySpan<byte> number) || !TryParseHighPrecisionInteger(number, out ulong raw, out bool negative)
                || (!negative && raw > long.MaxValue))
            {
                return false;
            }

            value = (long)raw;
        }
        else if (!TryReadIntegerPayload(_data, ref position, marker, out value))
        {
            value = 0;
            return false;
        }

        Commit(position);
        return true;
    }

    public bool TryReadDouble(out double value)
    {
        value = 0;
        if (!TryGetValueStart(out byte marker, out int position))
        {
            return false;
        }

        ReadOnlySpan<byte> rest = _data[position..];
        switch (marker)
        {
            case Float32 when rest.Length >= 4:
                value = BinaryPrimitives.ReadSingleBigEndian(rest);
                position += 4;
                break;
            case Float64 when rest.Length >= 8:
                value = BinaryPrimitives.ReadDoubleBigEndian(rest);
                position += 8;
                break;
            case HighPrecision:
                if (!TryReadSized(_data, ref position, out ReadOnlySpan<byte> number) || !IsJsonNumber(number, out _)
                    || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    value = 0;
                    return false;
                }

                break;
            default:
                if (!TryReadIntegerPayload(_data, ref position, marker, out long integer))
                {
                    return false;
                }

                value = integer;
                break;
        }

        Commit(position);
        return true;
    }

    public bool TryReadBoolean(out bool value)
    {
        value = false;
        if (!TryGetValueStart(out byte marker, out int position) || marker is not (True or False))
        {
            return false;
        }

        value = marker == True;
        Commit(position);
        return true;
    }

    public bool TryReadNull()
    {
        if (!TryGetValueStart(out byte marker, out int position) || marker != Null)
        {
            return false;
        }

        Commit(position);
        return true;
    }

    public bool TryReadString(Span<byte> scratch, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        if (!TryGetValueStart(out byte marker, out int position))
        {
            return false;
        }

        if (marker == Char)
        {
            if (position >= _data.Length)
            {
                return false;
            }

            utf8 = _data.Slice(position, 1);
            Commit(position + 1);
            return true;
        }

        if (marker != String || !TryReadSized(_data, ref position, out utf8))
        {
            utf8 = default;
            return false;
        }

        Commit(position);
        return true;
    }

    /// <summary>Reads a map key: an integer length and UTF-8 bytes, without the <c>S</c> marker (Draft 12, "Object Type").</summary>
    /// <remarks>Keys keep their markers in strongly typed maps too, so a pending element type stays for the value that follows.</remarks>
    public bool TryReadPropertyName(Span<byte> scratch, out ReadOnlySpan<byte> utf8)
    {
        int position = SkipNoOps(_data, _position);
        if (!TryReadSized(_data, ref position, out utf8))
        {
            utf8 = default;
            return false;
        }

        _position = position;
        return true;
    }

    /// <summary>Reads binary: a strongly typed array of uint8, <c>[$U#</c> count bytes (a slice of the input).</summary>
    public bool TryReadBytes(Span<byte> scratch, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!TryGetValueStart(out byte marker, out int position) || marker != ArrayStart
            || !TryReadContainerHeader(_data, ref position, isMap: false, out byte elementType, out int count) || elementType != UInt8)
        {
            return false;
        }

        // The header check has made sure the count fits the input.
        bytes = _data.Slice(position, count);
        Commit(position + count);
        return true;
    }

    public readonly int GetScratchLength() => 0;

    public bool TrySkipValue()
    {
        int position = _position;
        bool outsideModel = false;
        long budget = 0;
        if (!TrySkip(_data, ref position, _implicitType, 0, checkModel: false, ref outsideModel, ref budget))
        {
            return false;
        }

        Commit(position);
        return true;
    }

    public bool TrySkipWampValue(out bool outsideModel)
    {
        int position = _position;
        outsideModel = false;

        // Values of a strongly typed null or boolean array take no bytes at all; charging each to a budget of the input's
        // length keeps what a model-checked value expands to (when transcoded) linear in its size.
        long budget = _data.Length;
        if (!TrySkip(_data, ref position, _implicitType, 0, checkModel: true, ref outsideModel, ref budget))
        {
            // Not well formed, whatever else was found on the way.
            outsideModel = false;
            return false;
        }

        if (outsideModel)
        {
            return false;
        }

        Commit(position);
        return true;
    }

    public bool TrySkipPropertyName()
    {
        int position = SkipNoOps(_data, _position);
        if (!TryReadSized(_data, ref position, out _))
        {
            return false;
        }

        _position = position;
        return true;
    }

    /// <summary>
    /// For callers that slice the value at the position out of its message: skips the no-ops before it and returns
    /// <c>true</c>, or returns <c>false</c> when the value sits in a strongly typed container, where it has no marker of its
    /// own and a slice of it would not be a UBJSON value.
    /// </summary>
    internal bool TryBeginMarkedValue()
    {
        if (_implicitType != 0)
        {
            return false;
        }

        _position = SkipNoOps(_data, _position);
        return true;
    }

    private void Commit(int position)
    {
        _position = position;
        _implicitType = 0;
    }

    /// <summary>The marker of the value at the position (its own, after any no-ops, or its container's) and where its payload starts.</summary>
    private readonly bool TryGetValueStart(out byte marker, out int payload)
    {
        if (_implicitType != 0)
        {
            marker = _implicitType;
            payload = _position;
            return true;
        }

        int position = SkipNoOps(_data, _position);
        if (position >= _data.Length)
        {
            marker = 0;
            payload = position;
            return false;
        }

        marker = _data[position];
        payload = position + 1;
        return true;
    }

    private bool TryReadContainer(bool isMap, out ContainerCursor cursor)
    {
        cursor = default;
        if (!TryGetValueStart(out byte marker, out int position) || marker != (isMap ? ObjectStart : ArrayStart)
            || !TryReadContainerHeader(_data, ref position, isMap, out byte elementType, out int count)
            || (!isMap && elementType == UInt8))
        {
            // A uint8 array is binary (TryReadBytes), not a list.
            return false;
        }

        cursor = new ContainerCursor(count, isMap) { ElementType = elementType };
        Commit(position);
        return true;
    }

    private static int SkipNoOps(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length && data[position] == NoOp)
        {
            position++;
        }

        return position;
    }

    /// <summary>
    /// Draft 12, "Optimized Format": after <c>[</c> or <c>{</c>, an optional <c>$</c> and element marker (which requires a
    /// count, and may not be no-op), then an optional <c>#</c> and count. <paramref name="count"/> is -1 when there is none.
    /// </summary>
    private static bool TryReadContainerHeader(ReadOnlySpan<byte> data, ref int position, bool isMap, out byte elementType, out int count)
    {
        elementType = 0;
        count = -1;
        int p = position;
        if (p < data.Length && data[p] == ContainerType)
        {
            if (p + 1 >= data.Length || !IsValueMarker(data[p + 1]))
            {
                return false;
            }

            elementType = data[p + 1];
            p += 2;
            if (p >= data.Length || data[p] != ContainerCount)
            {
                return false;
            }
        }

        if (p < data.Length && data[p] == ContainerCount)
        {
            p++;
            if (!TryReadLength(data, ref p, out long declared) || declared > int.MaxValue / 2)
            {
                return false;
            }

            // Each item takes at least this many bytes: a larger count cannot be honest. Only the values of a strongly typed
            // null or boolean array take none (their count is bounded where the data model is checked).
            long itemSize = (isMap ? 1 : 0) + MinimumValueSize(elementType);
            if (itemSize > 0 && declared > (data.Length - p) / itemSize)
            {
                return false;
            }

            count = (int)declared;
        }

        position = p;
        return true;
    }

    /// <summary>The fewest bytes a value with this element marker (0: a value with its own marker) takes in a container.</summary>
    private static int MinimumValueSize(byte elementType) => elementType switch
    {
        0 => 1,
        Null or True or False => 0,
        Int16 => 2,
        Int32 or Float32 => 4,
        Int64 or Float64 => 8,
        HighPrecision or String => 2,
        _ => 1,
    };

    /// <summary>Whether a marker may be a strongly typed container's element type (any value or container, not no-op).</summary>
    private static bool IsValueMarker(byte marker) => marker is Null or True or False or Int8 or UInt8 or Int16 or Int32 or Int64
        or Float32 or Float64 or HighPrecision or Char or String or ArrayStart or ObjectStart;

    /// <summary>The big-endian payload of an integer marker (Draft 12, "Numeric Types").</summary>
    private static bool TryReadIntegerPayload(ReadOnlySpan<byte> data, ref int position, byte marker, out long value)
    {
        value = 0;
        ReadOnlySpan<byte> rest = data[position..];
        int size;
        switch (marker)
        {
            case Int8 when rest.Length >= 1: value = (sbyte)rest[0]; size = 1; break;
            case UInt8 when rest.Length >= 1: value = rest[0]; size = 1; break;
            case Int16 when rest.Length >= 2: value = BinaryPrimitives.ReadInt16BigEndian(rest); size = 2; break;
            case Int32 when rest.Length >= 4: value = BinaryPrimitives.ReadInt32BigEndian(rest); size = 4; break;
            case Int64 when rest.Length >= 8: value = BinaryPrimitives.ReadInt64BigEndian(rest); size = 8; break;
            default: return false;
        }

        position += size;
        return true;
    }

    /// <summary>A length or count: an integer marker and a value that is not negative (Draft 12: "A count must be >= 0").</summary>
    private static bool TryReadLength(ReadOnlySpan<byte> data, ref int position, out long length)
    {
        length = 0;
        int p = position;
        if (p >= data.Length)
        {
            return false;
        }

        byte marker = data[p++];
        if (!TryReadIntegerPayload(data, ref p, marker, out length) || length < 0)
        {
            length = 0;
            return false;
        }

        position = p;
        return true;
    }

    /// <summary>A length and that many bytes (string, high-precision number or key payload).</summary>
    private static bool TryReadSized(ReadOnlySpan<byte> data, scoped ref int position, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        int p = position;
        if (!TryReadLength(data, ref p, out long length) || length > data.Length - p)
        {
            return false;
        }

        bytes = data.Slice(p, (int)length);
        position = p + (int)length;
        return true;
    }

    /// <summary>The kind a high-precision number reads as, or <c>false</c> when it lies outside <see cref="WampDataModel"/>.</summary>
    private static bool TryClassifyHighPrecision(ReadOnlySpan<byte> number, out WampValueKind kind)
    {
        kind = WampValueKind.None;
        if (!IsJsonNumber(number, out bool isInteger))
        {
            return false;
        }

        if (isInteger)
        {
            if (!TryParseHighPrecisionInteger(number, out _, out bool negative))
            {
                return false;
            }

            kind = negative ? WampValueKind.NegativeInteger : WampValueKind.UnsignedInteger;
            return true;
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            return false;
        }

        kind = WampValueKind.Float;
        return true;
    }

    /// <summary>
    /// An integer high-precision number in [-2^63, 2^64 - 1]; a negative one comes back as its two's complement in
    /// <paramref name="value"/>. "-0" is 0, not negative.
    /// </summary>
    private static bool TryParseHighPrecisionInteger(ReadOnlySpan<byte> number, out ulong value, out bool negative)
    {
        value = 0;
        negative = false;
        if (!IsJsonNumber(number, out bool isInteger) || !isInteger)
        {
            return false;
        }

        if (number[0] == '-')
        {
            if (!Utf8Parser.TryParse(number, out long signed, out int consumed) || consumed != number.Length)
            {
                return false;
            }

            negative = signed < 0;
            value = (ulong)signed;
            return true;
        }

        return Utf8Parser.TryParse(number, out value, out int unsignedConsumed) && unsignedConsumed == number.Length;
    }

    /// <summary>RFC 8259 §6 number syntax, which Draft 12 requires of high-precision numbers: -? int frac? exp?, no leading zeros.</summary>
    private static bool IsJsonNumber(ReadOnlySpan<byte> text, out bool isInteger)
    {
        isInteger = true;
        int p = 0;
        if (p < text.Length && text[p] == '-')
        {
            p++;
        }

        if (p >= text.Length || !char.IsAsciiDigit((char)text[p]))
        {
            return false;
        }

        if (text[p] == '0')
        {
            p++;
        }
        else
        {
            while (p < text.Length && char.IsAsciiDigit((char)text[p]))
            {
                p++;
            }
        }

        if (p < text.Length && text[p] == '.')
        {
            isInteger = false;
            int digits = ++p;
            while (p < text.Length && char.IsAsciiDigit((char)text[p]))
            {
                p++;
            }

            if (p == digits)
            {
                return false;
            }
        }

        if (p < text.Length && text[p] is (byte)'e' or (byte)'E')
        {
            isInteger = false;
            p++;
            if (p < text.Length && text[p] is (byte)'+' or (byte)'-')
            {
                p++;
            }

            int digits = p;
            while (p < text.Length && char.IsAsciiDigit((char)text[p]))
            {
                p++;
            }

            if (p == digits)
            {
                return false;
            }
        }

        return p == text.Length;
    }

    /// <summary>
    /// Skips one value, checking it is well formed; with <paramref name="checkModel"/> also flags in
    /// <paramref name="outsideModel"/> what lies outside <see cref="WampDataModel"/>, and carries on so that a later
    /// well-formedness error still wins. <paramref name="elementType"/> is the marker of a value in a strongly typed
    /// container (0: the value has its own), <paramref name="depth"/> counts the containers around it, and
    /// <paramref name="budget"/> is what is left for values that take no bytes (strongly typed null and boolean arrays).
    /// </summary>
    private static bool TrySkip(ReadOnlySpan<byte> data, ref int position, byte elementType, int depth, bool checkModel, ref bool outsideModel, ref long budget)
    {
        byte marker = elementType;
        if (marker == 0)
        {
            position = SkipNoOps(data, position);
            if (position >= data.Length)
            {
                return false;
            }

            marker = data[position++];
        }

        int size;
        switch (marker)
        {
            case Null or True or False:
                return true;
            case Int8 or UInt8 or Char:
                size = 1;
                break;
            case Int16:
                size = 2;
                break;
            case Int32 or Float32:
                size = 4;
                break;
            case Int64 or Float64:
                size = 8;
                break;
            case String or HighPrecision:
                {
                    if (!TryReadSized(data, ref position, out ReadOnlySpan<byte> text))
                    {
                        return false;
                    }

                    outsideModel |= checkModel && (marker == String ? !WampDataModel.IsText(text, isKey: false) : !TryClassifyHighPrecision(text, out _));
                    return true;
                }

            case ArrayStart or ObjectStart:
                return TrySkipContainer(data, ref position, marker == ObjectStart, depth, checkModel, ref outsideModel, ref budget);
            default:
                // No-op cannot stand for a value, and end or header markers cannot start one.
                return false;
        }

        if (size > data.Length - position)
        {
            return false;
        }

        // A char is one ASCII character (Draft 12, "Char Type"): as a string it must be text of the model.
        outsideModel |= checkModel && marker == Char && !WampDataModel.IsText(data.Slice(position, 1), isKey: false);
        position += size;
        return true;
    }

    private static bool TrySkipContainer(ReadOnlySpan<byte> data, ref int position, bool isMap, int depth, bool checkModel, ref bool outsideModel, ref long budget)
    {
        // Check the depth on entering a container: at most MaxDepth containers nest, however the innermost ends.
        if (depth >= MaxDepth || !TryReadContainerHeader(data, ref position, isMap, out byte elementType, out int count))
        {
            return false;
        }

        if (count < 0)
        {
            while (true)
            {
                position = SkipNoOps(data, position);
                if (position >= data.Length)
                {
                    return false;
                }

                if (data[position] == (isMap ? ObjectEnd : ArrayEnd))
                {
                    position++;
                    return true;
                }

                if ((isMap && !TrySkipKey(data, ref position, checkModel, ref outsideModel))
                    || !TrySkip(data, ref position, 0, depth + 1, checkModel, ref outsideModel, ref budget))
                {
                    return false;
                }
            }
        }

        if (!isMap)
        {
            int fixedSize = elementType switch
            {
                Null or True or False => 0,
                Int8 or UInt8 => 1,
                Int16 => 2,
                Int32 or Float32 => 4,
                Int64 or Float64 => 8,
                _ => -1,
            };

            if (fixedSize == 0)
            {
                // The header is the whole container; its values cost budget instead of bytes.
                budget -= count;
                outsideModel |= checkModel && budget < 0;
                return true;
            }

            if (fixedSize > 0)
            {
                // Binary (uint8) and other fixed-size numbers: the header has checked they fit.
                position += count * fixedSize;
                return true;
            }
        }

        for (int i = 0; i < count; i++)
        {
            if ((isMap && !TrySkipKey(data, ref position, checkModel, ref outsideModel))
                || !TrySkip(data, ref position, elementType, depth + 1, checkModel, ref outsideModel, ref budget))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TrySkipKey(ReadOnlySpan<byte> data, ref int position, bool checkModel, ref bool outsideModel)
    {
        position = SkipNoOps(data, position);
        if (!TryReadSized(data, ref position, out ReadOnlySpan<byte> key))
        {
            return false;
        }

        outsideModel |= checkModel && !WampDataModel.IsText(key, isKey: true);
        return true;
    }
}
