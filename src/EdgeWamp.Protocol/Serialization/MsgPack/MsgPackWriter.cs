using System.Buffers.Binary;
using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Protocol.Serialization.MsgPack;

/// <summary>Writes MessagePack in its smallest formats (msgpack spec, "Formats") into an <see cref="OutputBuffer"/>.</summary>
public struct MsgPackWriter : IWampWriter
{
    private readonly OutputBuffer _output;

    public MsgPackWriter(OutputBuffer output)
    {
        _output = output;
    }

    public readonly WampSerializer Serializer => WampSerializer.MsgPack;

    public readonly void WriteStartArray(int count) => WriteLengthHead(count, fix: 0x90, fixMax: 15, head8: 0, head16: 0xDC, head32: 0xDD);

    public readonly void WriteEndArray()
    {
        // MessagePack containers are length-prefixed.
    }

    public readonly void WriteStartMap(int count) => WriteLengthHead(count, fix: 0x80, fixMax: 15, head8: 0, head16: 0xDE, head32: 0xDF);

    public readonly void WriteEndMap()
    {
        // MessagePack containers are length-prefixed.
    }

    public readonly void WritePropertyName(ReadOnlySpan<byte> utf8) => WriteString(utf8);

    public readonly void WriteUInt64(ulong value)
    {
        Span<byte> span = _output.GetSpan(9);
        int size;
        if (value <= 0x7F)
        {
            span[0] = (byte)value; // positive fixint
            size = 1;
        }
        else if (value <= byte.MaxValue)
        {
            span[0] = 0xCC;
            span[1] = (byte)value;
            size = 2;
        }
        else if (value <= ushort.MaxValue)
        {
            span[0] = 0xCD;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            size = 3;
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = 0xCE;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            size = 5;
        }
        else
        {
            span[0] = 0xCF;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            size = 9;
        }

        _output.Advance(size);
    }

    public readonly void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteUInt64((ulong)value);
            return;
        }

        Span<byte> span = _output.GetSpan(9);
        int size;
        if (value >= -32)
        {
            span[0] = (byte)(sbyte)value; // negative fixint
            size = 1;
        }
        else if (value >= sbyte.MinValue)
        {
            span[0] = 0xD0;
            span[1] = (byte)(sbyte)value;
            size = 2;
        }
        else if (value >= short.MinValue)
        {
            span[0] = 0xD1;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            size = 3;
        }
        else if (value >= int.MinValue)
        {
            span[0] = 0xD2;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            size = 5;
        }
        else
        {
            span[0] = 0xD3;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            size = 9;
        }

        _output.Advance(size);
    }

    public readonly void WriteDouble(double value)
    {
        Span<byte> span = _output.GetSpan(9);
        span[0] = 0xCB;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    public readonly void WriteBoolean(bool value) => _output.Write(value ? (byte)0xC3 : (byte)0xC2);

    public readonly void WriteNull() => _output.Write(0xC0);

    public readonly void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteLengthHead(utf8.Length, fix: 0xA0, fixMax: 31, head8: 0xD9, head16: 0xDA, head32: 0xDB);
        _output.Write(utf8);
    }

    public readonly void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteLengthHead(bytes.Length, fix: 0, fixMax: -1, head8: 0xC4, head16: 0xC5, head32: 0xC6);
        _output.Write(bytes);
    }

    public readonly void WriteEncodedItems(ReadOnlySpan<byte> encoded, int count) => _output.Write(encoded);

    /// <summary>The smallest of: fix format (length in the initial byte), 8-, 16- or 32-bit length.</summary>
    private readonly void WriteLengthHead(int length, byte fix, int fixMax, byte head8, byte head16, byte head32)
    {
        Span<byte> span = _output.GetSpan(5);
        int size;
        if (length <= fixMax)
        {
            span[0] = (byte)(fix | length);
            size = 1;
        }
        else if (head8 != 0 && length <= byte.MaxValue)
        {
            span[0] = head8;
            span[1] = (byte)length;
            size = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            span[0] = head16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            size = 3;
        }
        else
        {
            span[0] = head32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            size = 5;
        }

        _output.Advance(size);
    }
}
