using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;

namespace EdgeWamp.Protocol.Serialization.Json;

/// <summary>
/// Forward-only JSON reader over a span (RFC 8259). Returns slices of the input, or of a caller's scratch span
/// when a string has escapes; never allocates. Every <c>Try…</c> method leaves the position unchanged when it returns <c>false</c>.
/// </summary>
/// <remarks>
/// Binary values follow the WAMP spec ("Binary conversion of JSON Strings"): a string whose first character is
/// U+0000, followed by the base64 encoding of the bytes.
/// </remarks>
public ref struct JsonSpanReader : IWampReader
{
    /// <summary>Nesting bound for <see cref="TrySkipValue"/>.</summary>
    internal const int MaxDepth = WampDataModel.MaxDepth;

    // "\u0000" as it appears in JSON text: the marker of a binary value.
    private static ReadOnlySpan<byte> BinaryMarker => "\\u0000"u8;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public JsonSpanReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly bool TryPeekKind(out WampValueKind kind)
    {
        int position = SkipWhitespace(_data, _position);
        kind = WampValueKind.None;
        if (position >= _data.Length)
        {
            return false;
        }

        switch (_data[position])
        {
            case (byte)'{': kind = WampValueKind.Map; break;
            case (byte)'[': kind = WampValueKind.Array; break;
            case (byte)'"':
                kind = _data[(position + 1)..].StartsWith(BinaryMarker) ? WampValueKind.Bytes : WampValueKind.String;
                break;
            case (byte)'t' or (byte)'f': kind = WampValueKind.Boolean; break;
            case (byte)'n': kind = WampValueKind.Null; break;
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                if (!TryScanNumber(_data, position, out _, out bool isInteger))
                {
                    return false;
                }

                kind = !isInteger ? WampValueKind.Float
                    : _data[position] == '-' ? WampValueKind.NegativeInteger
                    : WampValueKind.UnsignedInteger;
                break;
            default:
                return false;
        }

        return true;
    }

    public bool TryReadStartArray(out ContainerCursor cursor) => TryReadOpen((byte)'[', isMap: false, out cursor);

    public bool TryReadStartMap(out ContainerCursor cursor) => TryReadOpen((byte)'{', isMap: true, out cursor);

    public NextItem MoveNext(ref ContainerCursor cursor)
    {
        int position = SkipWhitespace(_data, _position);
        if (position >= _data.Length)
        {
            return NextItem.Malformed;
        }

        byte close = cursor.IsMap ? (byte)'}' : (byte)']';
        byte next = _data[position];
        if (next == close)
        {
            _position = position + 1;
            return NextItem.End;
        }

        if (cursor.Started)
        {
            if (next != ',')
            {
                return NextItem.Malformed;
            }

            position++;
        }

        cursor.Started = true;
        _position = position;
        return NextItem.Item;
    }

    public bool TryReadUInt64(out ulong value)
    {
        value = 0;
        int position = SkipWhitespace(_data, _position);
        if (!TryScanNumber(_data, position, out int end, out bool isInteger) || !isInteger || _data[position] == '-'
            || !Utf8Parser.TryParse(_data[position..end], out value, out int consumed) || consumed != end - position)
        {
            value = 0;
            return false;
        }

        _position = end;
        return true;
    }

    public bool TryReadInt64(out long value)
    {
        value = 0;
        int position = SkipWhitespace(_data, _position);
        if (!TryScanNumber(_data, position, out int end, out bool isInteger) || !isInteger
            || !Utf8Parser.TryParse(_data[position..end], out value, out int consumed) || consumed != end - position)
        {
            value = 0;
            return false;
        }

        _position = end;
        return true;
    }

    public bool TryReadDouble(out double value)
    {
        value = 0;
        int position = SkipWhitespace(_data, _position);
        if (!TryScanNumber(_data, position, out int end, out _)
            || !Utf8Parser.TryParse(_data[position..end], out value, out int consumed) || consumed != end - position)
        {
            value = 0;
            return false;
        }

        _position = end;
        return true;
    }

    public bool TryReadBoolean(out bool value)
    {
        int position = SkipWhitespace(_data, _position);
        ReadOnlySpan<byte> rest = _data[position..];
        if (rest.StartsWith("true"u8))
        {
            value = true;
            _position = position + 4;
            return true;
        }

        value = false;
        if (rest.StartsWith("false"u8))
        {
            _position = position + 5;
            return true;
        }

        return false;
    }

    public bool TryReadNull()
    {
        int position = SkipWhitespace(_data, _position);
        if (_data[position..].StartsWith("null"u8))
        {
            _position = position + 4;
            return true;
        }

        return false;
    }

    public bool TryReadString(Span<byte> scratch, out ReadOnlySpan<byte> utf8)
    {
        int position = SkipWhitespace(_data, _position);
        if (!TryScanString(_data, position, out int end, out bool hasEscapes))
        {
            utf8 = default;
            return false;
        }

        ReadOnlySpan<byte> raw = _data[(position + 1)..(end - 1)];
        if (!hasEscapes)
        {
            utf8 = raw;
        }
        else if (TryUnescape(raw, scratch, out int written))
        {
            utf8 = scratch[..written];
        }
        else
        {
            utf8 = default;
            return false;
        }

        _position = end;
        return true;
    }

    public bool TryReadPropertyName(Span<byte> scratch, out ReadOnlySpan<byte> utf8)
    {
        int start = _position;
        if (!TryReadString(scratch, out utf8))
        {
            return false;
        }

        int colon = SkipWhitespace(_data, _position);
        if (colon >= _data.Length || _data[colon] != ':')
        {
            _position = start;
            utf8 = default;
            return false;
        }

        _position = colon + 1;
        return true;
    }

    public bool TryReadBytes(Span<byte> scratch, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        int position = SkipWhitespace(_data, _position);
        if (!TryScanString(_data, position, out int end, out bool hasEscapes) || !_data[(position + 1)..].StartsWith(BinaryMarker))
        {
            return false;
        }

        ReadOnlySpan<byte> base64 = _data[(position + 1 + BinaryMarker.Length)..(end - 1)];
        int decodedLength;
        if (!hasEscapes || base64.IndexOf((byte)'\\') < 0)
        {
            if (Base64.DecodeFromUtf8(base64, scratch, out int consumed, out decodedLength) != OperationStatus.Done || consumed != base64.Length)
            {
                return false;
            }
        }
        else
        {
            // Rare: a producer escaped characters of the base64 text (e.g. "\/"); unescape, then decode in place.
            if (!TryUnescape(base64, scratch, out int unescaped)
                || Base64.DecodeFromUtf8InPlace(scratch[..unescaped], out decodedLength) != OperationStatus.Done)
            {
                return false;
            }
        }

        bytes = scratch[..decodedLength];
        _position = end;
        return true;
    }

    public readonly int GetScratchLength()
    {
        // Unescaped text and decoded base64 are never longer than their JSON text.
        int position = SkipWhitespace(_data, _position);
        if (!TryScanString(_data, position, out int end, out bool hasEscapes))
        {
            return 0;
        }

        bool isBinary = _data[(position + 1)..].StartsWith(BinaryMarker);
        return hasEscapes || isBinary ? end - position : 0;
    }

    public bool TrySkipValue()
    {
        int position = _position;
        bool outsideModel = false;
        if (!TrySkip(_data, ref position, 0, checkModel: false, ref outsideModel))
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
        if (!TrySkip(_data, ref position, 0, checkModel: true, ref outsideModel))
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
        int position = SkipWhitespace(_data, _position);
        if (!TryScanString(_data, position, out int end, out _))
        {
            return false;
        }

        int colon = SkipWhitespace(_data, end);
        if (colon >= _data.Length || _data[colon] != ':')
        {
            return false;
        }

        _position = colon + 1;
        return true;
    }

    /// <summary>Skips whitespace, then reports whether the input is exhausted (nothing but whitespace may follow a message).</summary>
    public readonly bool IsAtEnd => SkipWhitespace(_data, _position) == _data.Length;

    private bool TryReadOpen(byte open, bool isMap, out ContainerCursor cursor)
    {
        int position = SkipWhitespace(_data, _position);
        if (position < _data.Length && _data[position] == open)
        {
            cursor = new ContainerCursor(-1, isMap);
            _position = position + 1;
            return true;
        }

        cursor = default;
        return false;
    }

    /// <summary>RFC 8259 §2: insignificant whitespace is space, tab, line feed and carriage return.</summary>
    private static int SkipWhitespace(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length && data[position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            position++;
        }

        return position;
    }

    /// <summary>RFC 8259 §6: -? int frac? exp?, with no leading zeros.</summary>
    private static bool TryScanNumber(ReadOnlySpan<byte> data, int position, out int end, out bool isInteger)
    {
        end = position;
        isInteger = true;
        int p = position;
        if (p < data.Length && data[p] == '-')
        {
            p++;
        }

        if (p >= data.Length || !char.IsAsciiDigit((char)data[p]))
        {
            return false;
        }

        if (data[p] == '0')
        {
            // A leading zero is a whole integer part: "01", "-01" and "00" are not numbers.
            p++;
            if (p < data.Length && char.IsAsciiDigit((char)data[p]))
            {
                return false;
            }
        }
        else
        {
            while (p < data.Length && char.IsAsciiDigit((char)data[p]))
            {
                p++;
            }
        }

        if (p < data.Length && data[p] == '.')
        {
            isInteger = false;
            p++;
            int digits = p;
            while (p < data.Length && char.IsAsciiDigit((char)data[p]))
            {
                p++;
            }

            if (p == digits)
            {
                return false;
            }
        }

        if (p < data.Length && data[p] is (byte)'e' or (byte)'E')
        {
            isInteger = false;
            p++;
            if (p < data.Length && data[p] is (byte)'+' or (byte)'-')
            {
                p++;
            }

            int digits = p;
            while (p < data.Length && char.IsAsciiDigit((char)data[p]))
            {
                p++;
            }

            if (p == digits)
            {
                return false;
            }
        }

        end = p;
        return true;
    }

    /// <summary>RFC 8259 §7: finds the closing quote, checking escapes and rejecting raw control characters.</summary>
    private static bool TryScanString(ReadOnlySpan<byte> data, int position, out int end, out bool hasEscapes)
    {
        end = position;
        hasEscapes = false;
        if (position >= data.Length || data[position] != '"')
        {
            return false;
        }

        int p = position + 1;
        while (true)
        {
            int special = data[p..].IndexOfAny((byte)'"', (byte)'\\');
            if (special < 0)
            {
                return false;
            }

            if (data.Slice(p, special).IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
            {
                return false;
            }

            p += special;
            if (data[p] == '"')
            {
                end = p + 1;
                return true;
            }

            hasEscapes = true;
            if (p + 1 >= data.Length)
            {
                return false;
            }

            switch (data[p + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    p += 2;
                    break;
                case (byte)'u':
                    if (p + 6 > data.Length || !IsHex(data.Slice(p + 2, 4)))
                    {
                        return false;
                    }

                    p += 6;
                    break;
                default:
                    return false;
            }
        }
    }

    private static bool IsHex(ReadOnlySpan<byte> digits)
    {
        foreach (byte b in digits)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes escapes (already validated by <see cref="TryScanString"/>) into UTF-8; surrogate pairs become one code point.</summary>
    private static bool TryUnescape(ReadOnlySpan<byte> raw, Span<byte> destination, out int written)
    {
        written = 0;
        int p = 0;
        while (p < raw.Length)
        {
            int backslash = raw[p..].IndexOf((byte)'\\');
            int plain = backslash < 0 ? raw.Length - p : backslash;
            if (plain > destination.Length - written)
            {
                return false;
            }

            raw.Slice(p, plain).CopyTo(destination[written..]);
            written += plain;
            p += plain;
            if (backslash < 0)
            {
                return true;
            }

            byte escape = raw[p + 1];
            if (escape != 'u')
            {
                if (written >= destination.Length)
                {
                    return false;
                }

                destination[written++] = escape switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => escape, // '"', '\\', '/'
                };
                p += 2;
                continue;
            }

            int codePoint = ParseHex4(raw.Slice(p + 2, 4));
            p += 6;
            if (char.IsHighSurrogate((char)codePoint) && p + 6 <= raw.Length && raw[p] == '\\' && raw[p + 1] == 'u')
            {
                int low = ParseHex4(raw.Slice(p + 2, 4));
                if (char.IsLowSurrogate((char)low))
                {
                    codePoint = char.ConvertToUtf32((char)codePoint, (char)low);
                    p += 6;
                }
            }

            // A lone surrogate cannot be UTF-8: it becomes U+FFFD, as decoders do.
            if (!Rune.TryCreate(codePoint, out Rune rune))
            {
                rune = Rune.ReplacementChar;
            }

            if (!rune.TryEncodeToUtf8(destination[written..], out int runeBytes))
            {
                return false;
            }

            written += runeBytes;
        }

        return true;
    }

    private static int ParseHex4(ReadOnlySpan<byte> hex)
    {
        int value = 0;
        foreach (byte b in hex)
        {
            value = (value << 4) | (b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10);
        }

        return value;
    }

    /// <summary>
    /// Skips one value, checking it is well formed; with <paramref name="checkModel"/> also flags in
    /// <paramref name="outsideModel"/> what lies outside <see cref="WampDataModel"/>, and carries on so that a later
    /// well-formedness error still wins. <paramref name="depth"/> counts the containers around the value.
    /// </summary>
    private static bool TrySkip(ReadOnlySpan<byte> data, ref int position, int depth, bool checkModel, ref bool outsideModel)
    {
        int p = SkipWhitespace(data, position);
        if (p >= data.Length)
        {
            return false;
        }

        int end;
        switch (data[p])
        {
            case (byte)'"':
                if (!TryScanString(data, p, out end, out _))
                {
                    return false;
                }

                outsideModel |= checkModel && !IsStringValueInModel(data[(p + 1)..(end - 1)]);
                break;
            case (byte)'t':
                if (!data[p..].StartsWith("true"u8))
                {
                    return false;
                }

                end = p + 4;
                break;
            case (byte)'f':
                if (!data[p..].StartsWith("false"u8))
                {
                    return false;
                }

                end = p + 5;
                break;
            case (byte)'n':
                if (!data[p..].StartsWith("null"u8))
                {
                    return false;
                }

                end = p + 4;
                break;
            case (byte)'[' or (byte)'{':
                // Check the depth on entering a container: at most MaxDepth containers nest, however the innermost ends.
                return depth < MaxDepth && TrySkipContainer(data, ref position, p, depth, checkModel, ref outsideModel);
            default:
                if (!TryScanNumber(data, p, out end, out bool isInteger))
                {
                    return false;
                }

                outsideModel |= checkModel && isInteger && !IsIntegerInModel(data[p..end]);
                break;
        }

        position = end;
        return true;
    }

    private static bool TrySkipContainer(ReadOnlySpan<byte> data, ref int position, int open, int depth, bool checkModel, ref bool outsideModel)
    {
        bool isMap = data[open] == '{';
        byte close = isMap ? (byte)'}' : (byte)']';
        int p = SkipWhitespace(data, open + 1);
        if (p < data.Length && data[p] == close)
        {
            position = p + 1;
            return true;
        }

        while (true)
        {
            if (isMap)
            {
                p = SkipWhitespace(data, p);
                int key = p;
                if (!TryScanString(data, key, out p, out _))
                {
                    return false;
                }

                // Escapes are ASCII and decode to valid UTF-8, so checking the raw text checks the key.
                outsideModel |= checkModel && !Utf8.IsValid(data[(key + 1)..(p - 1)]);
                p = SkipWhitespace(data, p);
                if (p >= data.Length || data[p] != ':')
                {
                    return false;
                }

                p++;
            }

            if (!TrySkip(data, ref p, depth + 1, checkModel, ref outsideModel))
            {
                return false;
            }

            p = SkipWhitespace(data, p);
            if (p >= data.Length)
            {
                return false;
            }

            if (data[p] == close)
            {
                position = p + 1;
                return true;
            }

            if (data[p] != ',')
            {
                return false;
            }

            p++;
        }
    }

    /// <summary>
    /// A string value (its raw text between the quotes, already scanned) lies in the model when it is valid UTF-8 and,
    /// if it is binary, its base64 decodes exactly as <see cref="TryReadBytes"/> will decode it.
    /// </summary>
    private static bool IsStringValueInModel(ReadOnlySpan<byte> raw)
    {
        // Escapes are ASCII and decode to valid UTF-8 (a lone surrogate becomes U+FFFD), so checking the raw text checks the string.
        if (!Utf8.IsValid(raw))
        {
            return false;
        }

        if (!raw.StartsWith(BinaryMarker))
        {
            return true;
        }

        ReadOnlySpan<byte> base64 = raw[BinaryMarker.Length..];
        return base64.IndexOf((byte)'\\') < 0 ? Base64.IsValid(base64) : IsCanonicalEscapedBase64(base64);
    }

    /// <summary>
    /// RFC 4648 §4 base64 written with JSON escapes (a producer that escapes '/' as "\/"): canonical only, that is without
    /// whitespace, with '=' padding to a multiple of 4 and zero pad bits. That is a subset of what
    /// <see cref="Base64.DecodeFromUtf8InPlace"/> accepts after <see cref="TryUnescape"/>, so <see cref="TryReadBytes"/>
    /// succeeds on whatever passes here.
    /// </summary>
    private static bool IsCanonicalEscapedBase64(ReadOnlySpan<byte> raw)
    {
        int count = 0;
        int padding = 0;
        int last = 0;
        int p = 0;
        while (p < raw.Length)
        {
            int c = raw[p];
            if (c == '\\')
            {
                // TryScanString has checked every escape is complete.
                byte escape = raw[p + 1];
                c = escape == 'u' ? ParseHex4(raw.Slice(p + 2, 4)) : escape == '/' ? '/' : -1;
                p += escape == 'u' ? 6 : 2;
            }
            else
            {
                p++;
            }

            count++;
            if (c == '=')
            {
                padding++;
                continue;
            }

            int value = Base64Value(c);
            if (value < 0 || padding > 0)
            {
                return false;
            }

            last = value;
        }

        // "xy==" leaves 4 unused bits in y, "xyz=" 2 in z: they must be zero.
        return count % 4 == 0 && padding switch
        {
            0 => true,
            1 => (last & 0x03) == 0,
            2 => (last & 0x0F) == 0,
            _ => false,
        };
    }

    private static int Base64Value(int c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };

    /// <summary>An integer token lies in the model when it fits [-2^63, 2^64 - 1].</summary>
    private static bool IsIntegerInModel(ReadOnlySpan<byte> digits) => digits[0] == '-'
        ? Utf8Parser.TryParse(digits, out long _, out int negativeConsumed) && negativeConsumed == digits.Length
        : Utf8Parser.TryParse(digits, out ulong _, out int consumed) && consumed == digits.Length;
}
