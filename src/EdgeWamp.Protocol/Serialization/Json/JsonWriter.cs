using System.Buffers.Text;
using System.Globalization;
using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Protocol.Serialization.Json;

/// <summary>Writes compact JSON (RFC 8259) into an <see cref="OutputBuffer"/>, inserting separators itself.</summary>
/// <remarks>Binary values are written as the WAMP spec says: <c>"\u0000"</c> followed by base64.</remarks>
public struct JsonWriter : IWampWriter
{
    private readonly OutputBuffer _output;
    private bool _needsComma;
    private bool _afterPropertyName;

    public JsonWriter(OutputBuffer output)
    {
        _output = output;
        _needsComma = false;
        _afterPropertyName = false;
    }

    public readonly WampSerializer Serializer => WampSerializer.Json;

    public void WriteStartArray(int count)
    {
        WriteSeparator();
        _output.Write((byte)'[');
        _needsComma = false;
    }

    public void WriteEndArray()
    {
        _output.Write((byte)']');
        _needsComma = true;
    }

    public void WriteStartMap(int count)
    {
        WriteSeparator();
        _output.Write((byte)'{');
        _needsComma = false;
    }

    public void WriteEndMap()
    {
        _output.Write((byte)'}');
        _needsComma = true;
    }

    public void WritePropertyName(ReadOnlySpan<byte> utf8)
    {
        WriteSeparator();
        WriteQuoted(utf8);
        _output.Write((byte)':');
        _afterPropertyName = true;
    }

    public void WriteUInt64(ulong value)
    {
        WriteSeparator();
        Utf8Formatter.TryFormat(value, _output.GetSpan(20), out int written);
        _output.Advance(written);
        _needsComma = true;
    }

    public void WriteInt64(long value)
    {
        WriteSeparator();
        Utf8Formatter.TryFormat(value, _output.GetSpan(20), out int written);
        _output.Advance(written);
        _needsComma = true;
    }

    public void WriteDouble(double value)
    {
        WriteSeparator();
        if (double.IsFinite(value))
        {
            // "R" round-trips; 32 bytes holds the longest double in that format. A whole number gets ".0" so
            // dynamically typed peers (Python, JavaScript's JSON consumers) still see a float, not an integer.
            Span<byte> text = _output.GetSpan(34);
            value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture);
            if (text[..written].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0)
            {
                ".0"u8.CopyTo(text[written..]);
                written += 2;
            }

            _output.Advance(written);
        }
        else
        {
            // JSON has no NaN or infinities.
            _output.Write("null"u8);
        }

        _needsComma = true;
    }

    public void WriteBoolean(bool value)
    {
        WriteSeparator();
        _output.Write(value ? "true"u8 : "false"u8);
        _needsComma = true;
    }

    public void WriteNull()
    {
        WriteSeparator();
        _output.Write("null"u8);
        _needsComma = true;
    }

    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteSeparator();
        WriteQuoted(utf8);
        _needsComma = true;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteSeparator();
        _output.Write("\"\\u0000"u8);
        int length = Base64.GetMaxEncodedToUtf8Length(bytes.Length);
        Base64.EncodeToUtf8(bytes, _output.GetSpan(length), out _, out int written);
        _output.Advance(written);
        _output.Write((byte)'"');
        _needsComma = true;
    }

    public void WriteEncodedItems(ReadOnlySpan<byte> encoded, int count)
    {
        if (count == 0)
        {
            return;
        }

        WriteSeparator();
        _output.Write(encoded);
        _needsComma = true;
    }

    private void WriteSeparator()
    {
        if (_afterPropertyName)
        {
            _afterPropertyName = false;
        }
        else if (_needsComma)
        {
            _output.Write((byte)',');
        }
    }

    /// <summary>RFC 8259 §7: quote, backslash and control characters must be escaped; UTF-8 passes through.</summary>
    private readonly void WriteQuoted(ReadOnlySpan<byte> utf8)
    {
        _output.Write((byte)'"');
        while (!utf8.IsEmpty)
        {
            int special = IndexOfSpecial(utf8);
            if (special < 0)
            {
                _output.Write(utf8);
                break;
            }

            _output.Write(utf8[..special]);
            WriteEscape(utf8[special]);
            utf8 = utf8[(special + 1)..];
        }

        _output.Write((byte)'"');
    }

    private static int IndexOfSpecial(ReadOnlySpan<byte> utf8)
    {
        int quote = utf8.IndexOfAny((byte)'"', (byte)'\\');
        int control = utf8.IndexOfAnyInRange((byte)0, (byte)0x1F);
        return quote < 0 ? control : control < 0 ? quote : Math.Min(quote, control);
    }

    private readonly void WriteEscape(byte b)
    {
        switch (b)
        {
            case (byte)'"': _output.Write("\\\""u8); break;
            case (byte)'\\': _output.Write("\\\\"u8); break;
            case (byte)'\n': _output.Write("\\n"u8); break;
            case (byte)'\r': _output.Write("\\r"u8); break;
            case (byte)'\t': _output.Write("\\t"u8); break;
            default:
                Span<byte> escape = _output.GetSpan(6);
                "\\u00"u8.CopyTo(escape);
                escape[4] = HexDigit(b >> 4);
                escape[5] = HexDigit(b & 0xF);
                _output.Advance(6);
                break;
        }
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
