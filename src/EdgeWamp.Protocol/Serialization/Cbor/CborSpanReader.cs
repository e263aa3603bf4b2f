using System.Buffers.Binary;

namespace EdgeWamp.Protocol.Serialization.Cbor;

/// <summary>
/// Forward-only CBOR reader over a span (RFC 8949). Returns slices of the input and never allocates.
/// Every <c>Try…</c> method leaves the position unchanged when it returns <c>false</c>.
/// </summary>
public ref struct CborSpanReader : IWampReader
{
    // RFC 8949 §3.1: major types live in the top 3 bits of the initial byte.
    private const byte MajorUnsigned = 0;
    private const byte MajorNegative = 1;
    private const byte MajorBytes = 2;
    private const byte MajorText = 3;
    private const byte MajorArray = 4;
    private const byte MajorMap = 5;
    private const byte MajorTag = 6;
    private const byte MajorSimple = 7;

    // RFC 8949 §3.2.1: additional information 31 marks indefinite length; 0xFF is the "break" stop code.
    private const byte IndefiniteLength = 31;
    private const byte Break = 0xFF;

    // RFC 8949 §3.3: simple values false (20), true (21), null (22), undefined (23); floats 25..27.
    private const byte SimpleFalse = 20;
    private const byte SimpleTrue = 21;
    private const byte SimpleNull = 22;
    private const byte SimpleUndefined = 23;

    /// <summary>Nesting bound for <see cref="TrySkipValue"/>: deeper input is rejected rather than risk the stack.</summary>
    internal const int MaxDepth = WampDataModel.MaxDepth;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CborSpanReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int BytesRemaining => _data.Length - _position;

    public readonly bool TryPeekKind(out WampValueKind kind)
    {
        kind = WampValueKind.None;
        int position = _position;
        // Tags (major type 6) only annotate the value that follows; look through them.
        while (true)
        {
            if (!TryReadHead(_data, ref position, out byte major, out byte info, out ulong argument))
            {
                return false;
            }

            switch (major)
            {
                case MajorUnsigned: kind = WampValueKind.UnsignedInteger; return true;
                case MajorNegative: kind = WampValueKind.NegativeInteger; return true;
                case MajorBytes: kind = WampValueKind.Bytes; return true;
                case MajorText: kind = WampValueKind.String; return true;
                case MajorArray: kind = WampValueKind.Array; return true;
                case MajorMap: kind = WampValueKind.Map; return true;
                case MajorTag: continue;
                default:
                    if (info is >= 25 and <= 27)
                    {
                        kind = WampValueKind.Float;
                        return true;
                    }

                    switch (argument)
                    {
                        case SimpleFalse or SimpleTrue: kind = WampValueKind.Boolean; return true;
                        case SimpleNull or SimpleUndefined: kind = WampValueKind.Null; return true;
                        default: return false;
                    }
            }
        }
    }

    public bool TryReadStartArray(out ContainerCursor cursor) => TryReadContainer(MajorArray, out cursor);

    public bool TryReadStartMap(out ContainerCursor cursor) => TryReadContainer(MajorMap, out cursor);

    public NextItem MoveNext(ref ContainerCursor cursor)
    {
        if (cursor.Remaining >= 0)
        {
            if (cursor.Remaining == 0)
            {
                return NextItem.End;
            }

            cursor.Remaining--;
            return NextItem.Item;
        }

        if (_position >= _data.Length)
        {
            return NextItem.Malformed;
        }

        if (_data[_position] == Break)
        {
            _position++;
            return NextItem.End;
        }

        return NextItem.Item;
    }

    public bool TryReadUInt64(out ulong value)
    {
        int position = SkipTags(_position);
        if (TryReadHead(_data, ref position, out byte major, out byte info, out value) && major == MajorUnsigned && info != IndefiniteLength)
        {
            _position = position;
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadInt64(out long value)
    {
        int position = SkipTags(_position);
        value = 0;
        if (!TryReadHead(_data, ref position, out byte major, out byte info, out ulong argument) || info == IndefiniteLength)
        {
            return false;
        }

        // RFC 8949 §3.1: major type 1 encodes -1 - argument.
        if (major == MajorUnsigned && argument <= long.MaxValue)
        {
            value = (long)argument;
        }
        else if (major == MajorNegative && argument <= long.MaxValue)
        {
            value = -1 - (long)argument;
        }
        else
        {
            return false;
        }

        _position = position;
        return true;
    }

    public bool TryReadDouble(out double value)
    {
        int position = SkipTags(_position);
        value = 0;
        if (position >= _data.Length)
        {
            return false;
        }

        byte initial = _data[position];
        ReadOnlySpan<byte> rest = _data[(position + 1)..];
        // RFC 8949 §3.3: 0xF9 half, 0xFA single, 0xFB double precision.
        switch (initial)
        {
            case 0xF9 when rest.Length >= 2:
                value = (double)BinaryPrimitives.ReadHalfBigEndian(rest);
                _position = position + 3;
                return true;
            case 0xFA when rest.Length >= 4:
                value = BinaryPrimitives.ReadSingleBigEndian(rest);
                _position = position + 5;
                return true;
            case 0xFB when rest.Length >= 8:
                value = BinaryPrimitives.ReadDoubleBigEndian(rest);
                _position = position + 9;
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
        int position = SkipTags(_position);
        value = false;
        if (position >= _data.Length)
        {
            return false;
        }

        // 0xF4 = major 7, simple 20 (false); 0xF5 = simple 21 (true).
        switch (_data[position])
        {
            case 0xF4: _position = position + 1; return true;
            case 0xF5: value = true; _position = position + 1; return true;
            default: return false;
        }
    }

    public bool TryReadNull()
    {
        int position = SkipTags(_position);
        // 0xF6 = null, 0xF7 = undefined (read as null: WAMP has no undefined).
        if (position < _data.Length && _data[position] is 0xF6 or 0xF7)
        {
            _position = position + 1;
            return true;
        }

        return false;
    }

    public bool TryReadString(Span<byte> scratch, out ReadOnlySpan<byte> utf8) => TryReadStringOf(MajorText, scratch, out utf8);

    public bool TryReadPropertyName(Span<byte> scratch, out ReadOnlySpan<byte> utf8) => TryReadStringOf(MajorText, scratch, out utf8);

    public bool TryReadBytes(Span<byte> scratch, out ReadOnlySpan<byte> bytes) => TryReadStringOf(MajorBytes, scratch, out bytes);

    public readonly int GetScratchLength()
    {
        int position = SkipTags(_position);
        if (!TryReadHead(_data, ref position, out byte major, out byte info, out _) || info != IndefiniteLength || major is not (MajorText or MajorBytes))
        {
            return 0;
        }

        // Indefinite-length strings are joined from their chunks: scratch needs their sum.
        int total = 0;
        while (position < _data.Length && _data[position] != Break)
        {
            if (!TryReadHead(_data, ref position, out _, out _, out ulong chunkLength) || chunkLength > (ulong)(_data.Length - position))
            {
                return 0;
            }

            position += (int)chunkLength;
            total += (int)chunkLength;
        }

        return total;
    }

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

    public bool TrySkipPropertyName()
    {
        int position = SkipTags(_position);
        if (position >= _data.Length || (_data[position] >> 5) != MajorText)
        {
            return false;
        }

        bool outsideModel = false;
        if (!TrySkip(_data, ref position, 0, checkModel: false, isKey: true, ref outsideModel))
        {
            return false;
        }

        _position = position;
        return true;
    }

    /// <summary>Returns the whole encoded value at the current position as a slice, like <c>CborReader.ReadEncodedValue</c>.</summary>
    public bool TryReadEncodedValue(out ReadOnlySpan<byte> encoded)
    {
        int start = _position;
        if (!TrySkipValue())
        {
            encoded = default;
            return false;
        }

        encoded = _data[start.._position];
        return true;
    }

    private bool TryReadContainer(byte expectedMajor, out ContainerCursor cursor)
    {
        cursor = default;
        int position = SkipTags(_position);
        if (!TryReadHead(_data, ref position, out byte major, out byte info, out ulong count) || major != expectedMajor)
        {
            return false;
        }

        if (info == IndefiniteLength)
        {
            cursor = new ContainerCursor(-1, expectedMajor == MajorMap);
        }
        else
        {
            // Each item takes at least one byte: a larger count cannot be honest.
            ulong items = expectedMajor == MajorMap ? count * 2 : count;
            if (count > int.MaxValue / 2 || items > (ulong)(_data.Length - position))
            {
                return false;
            }

            cursor = new ContainerCursor((int)count, expectedMajor == MajorMap);
        }

        _position = position;
        return true;
    }

    private bool TryReadStringOf(byte expectedMajor, Span<byte> scratch, out ReadOnlySpan<byte> value)
    {
        value = default;
        int position = SkipTags(_position);
        if (!TryReadHead(_data, ref position, out byte major, out byte info, out ulong length) || major != expectedMajor)
        {
            return false;
        }

        if (info != IndefiniteLength)
        {
            if (length > (ulong)(_data.Length - position))
            {
                return false;
            }

            value = _data.Slice(position, (int)length);
            _position = position + (int)length;
            return true;
        }

        // RFC 8949 §3.2.3: an indefinite-length string is a series of definite-length chunks of the same major type.
        int written = 0;
        while (true)
        {
            if (position >= _data.Length)
            {
                return false;
            }

            if (_data[position] == Break)
            {
                position++;
                break;
            }

            if (!TryReadHead(_data, ref position, out byte chunkMajor, out byte chunkInfo, out ulong chunkLength)
                || chunkMajor != expectedMajor || chunkInfo == IndefiniteLength
                || chunkLength > (ulong)(_data.Length - position) || chunkLength > (ulong)(scratch.Length - written))
            {
                return false;
            }

            _data.Slice(position, (int)chunkLength).CopyTo(scratch[written..]);
            written += (int)chunkLength;
            position += (int)chunkLength;
        }

        value = scratch[..written];
        _position = position;
        return true;
    }

    private readonly int SkipTags(int position)
    {
        int probe = position;
        while (probe < _data.Length && (_data[probe] >> 5) == MajorTag)
        {
            if (!TryReadHead(_data, ref probe, out _, out _, out _))
            {
                return position;
            }

            position = probe;
        }

        return position;
    }

    /// <summary>RFC 8949 §3: reads the initial byte and its argument (the count, length or value).</summary>
    internal static bool TryReadHead(ReadOnlySpan<byte> data, ref int position, out byte major, out byte info, out ulong argument)
    {
        argument = 0;
        major = 0;
        info = 0;
        if (position >= data.Length)
        {
            return false;
        }

        byte initial = data[position];
        major = (byte)(initial >> 5);
        info = (byte)(initial & 0x1F);
        ReadOnlySpan<byte> rest = data[(position + 1)..];
        int size;
        switch (info)
        {
            case < 24: argument = info; size = 0; break;
            case 24 when rest.Length >= 1: argument = rest[0]; size = 1; break;
            case 25 when rest.Length >= 2: argument = BinaryPrimitives.ReadUInt16BigEndian(rest); size = 2; break;
            case 26 when rest.Length >= 4: argument = BinaryPrimitives.ReadUInt32BigEndian(rest); size = 4; break;
            case 27 when rest.Length >= 8: argument = BinaryPrimitives.ReadUInt64BigEndian(rest); size = 8; break;
            case IndefiniteLength when major is MajorBytes or MajorText or MajorArray or MajorMap: size = 0; break;
            // 28..30 are reserved (§3.1); 31 on integers and tags is not well formed.
            default: return false;
        }

        position += 1 + size;
        return true;
    }

    /// <summary>
    /// RFC 8949 §3: skips one data item, checking it is well formed; with <paramref name="checkModel"/> also flags in
    /// <paramref name="outsideModel"/> what lies outside <see cref="WampDataModel"/>, and carries on so that a later
    /// well-formedness error still wins. <paramref name="depth"/> counts the containers around the item.
    /// </summary>
    private static bool TrySkip(ReadOnlySpan<byte> data, ref int position, int depth, bool checkModel, bool isKey, ref bool outsideModel)
    {
        // Tags (major type 6) annotate the item that follows: loop over them rather than recurse, so a run of tags
        // cannot exhaust the stack, and look at the item itself.
        byte major;
        byte info;
        ulong argument;
        do
        {
            if (!TryReadHead(data, ref position, out major, out info, out argument))
            {
                return false;
            }
        }
        while (major == MajorTag);

        if (checkModel && isKey && major != MajorText)
        {
            // Map keys must be text strings.
            outsideModel = true;
        }

        switch (major)
        {
            case MajorUnsigned:
                return true;
            case MajorNegative:
                // -1 - argument is below long.MinValue when the argument exceeds long.MaxValue.
                outsideModel |= checkModel && argument > long.MaxValue;
                return true;
            case MajorBytes or MajorText:
                if (info == IndefiniteLength)
                {
                    return TrySkipChunks(data, ref position, major, checkModel && !isKey, checkModel, ref outsideModel);
                }

                if (argument > (ulong)(data.Length - position))
                {
                    return false;
                }

                outsideModel |= checkModel && major == MajorText && !WampDataModel.IsText(data.Slice(position, (int)argument), isKey);
                position += (int)argument;
                return true;
            case MajorArray or MajorMap:
                // Check the depth on entering a container: at most MaxDepth containers nest, however the innermost ends.
                if (depth >= MaxDepth)
                {
                    return false;
                }

                bool isMap = major == MajorMap;
                if (info == IndefiniteLength)
                {
                    while (true)
                    {
                        if (position >= data.Length)
                        {
                            return false;
                        }

                        if (data[position] == Break)
                        {
                            position++;
                            return true;
                        }

                        if (!TrySkip(data, ref position, depth + 1, checkModel, isKey: isMap, ref outsideModel)
                            || (isMap && !TrySkip(data, ref position, depth + 1, checkModel, isKey: false, ref outsideModel)))
                        {
                            return false;
                        }
                    }
                }

                ulong items = isMap ? argument * 2 : argument;
                if (argument > int.MaxValue || items > (ulong)(data.Length - position))
                {
                    return false;
                }

                for (ulong i = 0; i < items; i++)
                {
                    // In a map, even items are keys.
                    if (!TrySkip(data, ref position, depth + 1, checkModel, isKey: isMap && (i & 1) == 0, ref outsideModel))
                    {
                        return false;
                    }
                }

                return true;
            default:
                // Major type 7: floats carry their bytes in the head already; simple values 24..31 with a one-byte
                // argument below 32 are not well formed (§3.3). Of the simple values WAMP has false, true, null, undefined.
                if (info == 24 && argument < 32)
                {
                    return false;
                }

                outsideModel |= checkModel && info is not (25 or 26 or 27) && argument is not (>= SimpleFalse and <= SimpleUndefined);
                return true;
        }
    }

    /// <summary>RFC 8949 §3.2.3: the definite-length chunks of an indefinite-length string, up to the break.</summary>
    /// <remarks>A UTF-8 character may not span chunks, so each text chunk must be valid UTF-8 on its own.</remarks>
    private static bool TrySkipChunks(ReadOnlySpan<byte> data, ref int position, byte major, bool isValue, bool checkModel, ref bool outsideModel)
    {
        bool first = true;
        while (true)
        {
            if (position >= data.Length)
            {
                return false;
            }

            if (data[position] == Break)
            {
                position++;
                return true;
            }

            if (!TryReadHead(data, ref position, out byte chunkMajor, out byte chunkInfo, out ulong length)
                || chunkMajor != major || chunkInfo == IndefiniteLength || length > (ulong)(data.Length - position))
            {
                return false;
            }

            if (checkModel && major == MajorText)
            {
                // Only the string's first character may not be U+0000: empty chunks before it do not count.
                ReadOnlySpan<byte> chunk = data.Slice(position, (int)length);
                outsideModel |= !WampDataModel.IsText(chunk, isKey: !(isValue && first));
                first &= chunk.IsEmpty;
            }

            position += (int)length;
        }
    }
}
