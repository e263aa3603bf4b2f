using System.Buffers.Binary;

namespace EdgeWamp.Protocol.Serialization.MsgPack;

/// <summary>
/// Forward-only MessagePack reader over a span (msgpack spec, "Formats"). Returns slices of the input and never allocates.
/// Every <c>Try…</c> method leaves the position unchanged when it returns <c>false</c>.
/// </summary>
public ref struct MsgPackSpanReader : IWampReader
{
    /// <summary>Nesting bound for <see cref="TrySkipValue"/>.</summary>
    internal const int MaxDepth = WampDataModel.MaxDepth;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public MsgPackSpanReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly bool TryPeekKind(out WampValueKind kind)
    {
        kind = WampValueKind.None;
        if (_position >= _data.Length)
        {
            return false;
        }

        kind = _data[_position] switch
        {
            <= 0x7F => WampValueKind.UnsignedInteger, // positive fixint
            <= 0x8F => WampValueKind.Map,             // fixmap
            <= 0x9F => WampValueKind.Array,           // fixarray
            <= 0xBF => WampValueKind.String,          // fixstr
            0xC0 => WampValueKind.Null,
            0xC2 or 0xC3 => WampValueKind.Boolean,
            0xC4 or 0xC5 or 0xC6 => WampValueKind.Bytes,
            0xCA or 0xCB => WampValueKind.Float,
            >= 0xCC and <= 0xCF => WampValueKind.UnsignedInteger,
            >= 0xD0 and <= 0xD3 => SignedKind(),
            >= 0xD9 and <= 0xDB => WampValueKind.String,
            0xDC or 0xDD => WampValueKind.Array,
            0xDE or 0xDF => WampValueKind.Map,
            >= 0xE0 => WampValueKind.NegativeInteger,  // negative fixint
            _ => WampValueKind.None,                   // 0xC1 (never used) and ext types: WAMP has no use for them
        };
        return kind != WampValueKind.None;
    }

    public bool TryReadStartArray(out ContainerCursor cursor) => TryReadContainer(isMap: false, out cursor);

    public bool TryReadStartMap(out ContainerCursor cursor) => TryReadContainer(isMap: true, out cursor);

    public readonly NextItem MoveNext(ref ContainerCursor cursor)
    {
        if (cursor.Remaining == 0)
        {
            return NextItem.End;
        }

        cursor.Remaining--;
        return NextItem.Item;
    }

    public bool TryReadUInt64(out ulong value)
    {
        // Read at a local position and commit only on success: a negative integer is not consumed.
        int position = _position;
        if (TryReadIntegerAt(_data, ref position, out value, out bool negative) && !negative)
        {
            _position = position;
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadInt64(out long value)
    {
        int position = _position;
        if (TryReadIntegerAt(_data, ref position, out ulong raw, out bool negative) && (negative || raw <= long.MaxValue))
        {
            value = (long)raw;
            _position = position;
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadDouble(out double value)
    {
        value = 0;
        if (_position >= _data.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = _data[(_position + 1)..];
        switch (_data[_position])
        {
            case 0xCA when rest.Length >= 4:
                value = BinaryPrimitives.ReadSingleBigEndian(rest);
                _position += 5;
                return true;
            case 0xCB when rest.Length >= 8:
                value = BinaryPrimitives.ReadDoubleBigEndian(rest);
                _position += 9;
                return true;
            default:
                if (TryReadInt64(out long integer))
                {
                    value = integer;
                    return true;
                }

                return false;
        }
    }

    public bool TryReadBoolean(out bool value)
    {
        value = false;
        if (_position < _data.Length && _data[_position] is 0xC2 or 0xC3)
        {
            value = _data[_position] == 0xC3;
            _position++;
            return true;
        }

        return false;
    }

    public bool TryReadNull()
    {
        if (_position < _data.Length && _data[_position] == 0xC0)
        {
            _position++;
            return true;
        }

        return false;
    }

    public bool TryReadString(Span<byte> scratch, out ReadOnlySpan<byte> utf8) => TryReadRaw(isString: true, out utf8);

    public bool TryReadPropertyName(Span<byte> scratch, out ReadOnlySpan<byte> utf8) => TryReadRaw(isString: true, out utf8);

    public bool TryReadBytes(Span<byte> scratch, out ReadOnlySpan<byte> bytes) => TryReadRaw(isString: false, out bytes);

    public readonly int GetScratchLength() => 0;

    public bool TrySkipValue()
    {
        int position = _position;
        bool outsideModel = false;
        if (!TrySkip(_data, ref position, 0, checkModel: false, isKey: false, ref outsideModel))
        {
            return false;
        }

        _position = position;
        return true;
    }

    public bool TrySkipWampValue(out bool outsideModel)
    {
        int position = _position;
        outsideModel = false;
        if (!TrySkip(_data, ref position, 0, checkModel: true, isKey: false, ref outsideModel))
        {
            // Not well formed, whatever else was found on the way.
            outsideModel = false;
            return false;
        }

        if (outsideModel)
        {
            return false;
        }

        _position = position;
        return true;
    }

    public bool TrySkipPropertyName() => TryReadRaw(isString: true, out _);

    private readonly WampValueKind SignedKind()
    {
        int position = _position;
        return TryReadIntegerAt(_data, ref position, out _, out bool negative) && negative
            ? WampValueKind.NegativeInteger
            : WampValueKind.UnsignedInteger;
    }

    /// <summary>Reads any integer format; a negative value comes back as its two's complement in <paramref name="value"/>.</summary>
    private static bool TryReadIntegerAt(ReadOnlySpan<byte> data, ref int position, out ulong value, out bool negative)
    {
        value = 0;
        negative = false;
        if (position >= data.Length)
        {
            return false;
        }

        byte initial = data[position];
        ReadOnlySpan<byte> rest = data[(position + 1)..];
        long signed;
        switch (initial)
        {
            case <= 0x7F: value = initial; position += 1; return true;
            case >= 0xE0: signed = (sbyte)initial; position += 1; break;
            case 0xCC when rest.Length >= 1: value = rest[0]; position += 2; return true;
            case 0xCD when rest.Length >= 2: value = BinaryPrimitives.ReadUInt16BigEndian(rest); position += 3; return true;
            case 0xCE when rest.Length >= 4: value = BinaryPrimitives.ReadUInt32BigEndian(rest); position += 5; return true;
            case 0xCF when rest.Length >= 8: value = BinaryPrimitives.ReadUInt64BigEndian(rest); position += 9; return true;
            case 0xD0 when rest.Length >= 1: signed = (sbyte)rest[0]; position += 2; break;
            case 0xD1 when rest.Length >= 2: signed = BinaryPrimitives.ReadInt16BigEndian(rest); position += 3; break;
            case 0xD2 when rest.Length >= 4: signed = BinaryPrimitives.ReadInt32BigEndian(rest); position += 5; break;
            case 0xD3 when rest.Length >= 8: signed = BinaryPrimitives.ReadInt64BigEndian(rest); position += 9; break;
            default: return false;
        }

        // Encoders may use signed formats for non-negative values.
        negative = signed < 0;
        value = (ulong)signed;
        return true;
    }

    private bool TryReadContainer(bool isMap, out ContainerCursor cursor)
    {
        cursor = default;
        int position = _position;
        if (!TryReadContainerHead(_data, ref position, isMap, out uint count))
        {
            return false;
        }

        cursor = new ContainerCursor((int)count, isMap);
        _position = position;
        return true;
    }

    private static bool TryReadContainerHead(ReadOnlySpan<byte> data, ref int position, bool isMap, out uint count)
    {
        count = 0;
        if (position >= data.Length)
        {
            return false;
        }

        byte initial = data[position];
        ReadOnlySpan<byte> rest = data[(position + 1)..];
        int size;
        if (!isMap && initial is >= 0x90 and <= 0x9F)
        {
            count = (uint)(initial & 0x0F);
            size = 1;
        }
        else if (isMap && initial is >= 0x80 and <= 0x8F)
        {
            count = (uint)(initial & 0x0F);
            size = 1;
        }
        else if (initial == (isMap ? 0xDE : 0xDC) && rest.Length >= 2)
        {
            count = BinaryPrimitives.ReadUInt16BigEndian(rest);
            size = 3;
        }
        else if (initial == (isMap ? 0xDF : 0xDD) && rest.Length >= 4)
        {
            count = BinaryPrimitives.ReadUInt32BigEndian(rest);
            size = 5;
        }
        else
        {
            return false;
        }

        // Each item takes at least one byte: a larger count cannot be honest.
        ulong items = isMap ? (ulong)count * 2 : count;
        if (count > int.MaxValue / 2 || items > (ulong)(data.Length - position - size))
        {
            return false;
        }

        position += size;
        return true;
    }

    private bool TryReadRaw(bool isString, out ReadOnlySpan<byte> value)
    {
        value = default;
        int position = _position;
        if (!TryReadRawHead(_data, ref position, isString, out int length) || length > _data.Length - position)
        {
            return false;
        }

        value = _data.Slice(position, length);
        _position = position + length;
        return true;
    }

    private static bool TryReadRawHead(ReadOnlySpan<byte> data, ref int position, bool isString, out int length)
    {
        length = 0;
        if (position >= data.Length)
        {
            return false;
        }

        byte initial = data[position];
        ReadOnlySpan<byte> rest = data[(position + 1)..];
        uint raw;
        int size;
        if (isString && initial is >= 0xA0 and <= 0xBF)
        {
            raw = (uint)(initial & 0x1F);
            size = 1;
        }
        else if (initial == (isString ? 0xD9 : 0xC4) && rest.Length >= 1)
        {
            raw = rest[0];
            size = 2;
        }
        else if (initial == (isString ? 0xDA : 0xC5) && rest.Length >= 2)
        {
            raw = BinaryPrimitives.ReadUInt16BigEndian(rest);
            size = 3;
        }
        else if (initial == (isString ? 0xDB : 0xC6) && rest.Length >= 4)
        {
            raw = BinaryPrimitives.ReadUInt32BigEndian(rest);
            size = 5;
        }
        else
        {
            return false;
        }

        if (raw > int.MaxValue)
        {
            return false;
        }

        length = (int)raw;
        position += size;
        return true;
    }

    /// <summary>
    /// Skips one value, checking it is well formed; with <paramref name="checkModel"/> also flags in
    /// <paramref name="outsideModel"/> what lies outside <see cref="WampDataModel"/> (every MessagePack integer lies
    /// inside), and carries on so that a later well-formedness error still wins.
    /// </summary>
    private static bool TrySkip(ReadOnlySpan<byte> data, ref int position, int depth, bool checkModel, bool isKey, ref bool outsideModel)
    {
        if (position >= data.Length)
        {
            return false;
        }

        byte initial = data[position];
        bool isString = initial is (>= 0xA0 and <= 0xBF) or (>= 0xD9 and <= 0xDB);
        if (checkModel && isKey && !isString)
        {
            // Map keys must be text strings.
            outsideModel = true;
        }

        int length;
        switch (initial)
        {
            case <= 0x7F or >= 0xE0 or 0xC0 or 0xC2 or 0xC3:
                position++;
                return true;
            case (>= 0xCC and <= 0xD3):
                return TryReadIntegerAt(data, ref position, out _, out _);
            case 0xCA: length = 4; position++; break;
            case 0xCB: length = 8; position++; break;
            case (>= 0xA0 and <= 0xBF) or (>= 0xD9 and <= 0xDB):
                if (!TryReadRawHead(data, ref position, isString: true, out length) || length > data.Length - position)
                {
                    return false;
                }

                outsideModel |= checkModel && !WampDataModel.IsText(data.Slice(position, length), isKey);
                break;
            case 0xC4 or 0xC5 or 0xC6:
                if (!TryReadRawHead(data, ref position, isString: false, out length))
                {
                    return false;
                }

                break;
            case (>= 0x90 and <= 0x9F) or 0xDC or 0xDD or (>= 0x80 and <= 0x8F) or 0xDE or 0xDF:
                // Check the depth on entering a container: at most MaxDepth containers nest, however the innermost ends.
                bool isMap = initial is (>= 0x80 and <= 0x8F) or 0xDE or 0xDF;
                if (depth >= MaxDepth || !TryReadContainerHead(data, ref position, isMap, out uint count))
                {
                    return false;
                }

                long items = isMap ? count * 2L : count;
                for (long i = 0; i < items; i++)
                {
                    // In a map, even items are keys.
                    if (!TrySkip(data, ref position, depth + 1, checkModel, isKey: isMap && (i & 1) == 0, ref outsideModel))
                    {
                        return false;
                    }
                }

                return true;
            default:
                // 0xC1 is never used; ext types (0xC7-0xC9, 0xD4-0xD8) have no meaning in WAMP.
                return false;
        }

        if (length > data.Length - position)
        {
            return false;
        }

        position += length;
        return true;
    }
}
