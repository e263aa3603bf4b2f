using System.Buffers.Binary;
using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Protocol.Serialization.Cbor;

/// <summary>Writes shortest-form CBOR (RFC 8949 §4.2.1, "preferred serialization") into an <see cref="OutputBuffer"/>.</summary>
public struct CborWriter : IWampWriter
{
    private readonly OutputBuffer _output;

    public CborWriter(OutputBuffer output)
    {
        _output = output;
    }

    public readonly WampSerializer Serializer => WampSerializer.Cbor;

    public readonly void WriteStartArray(int count) => WriteHead(4, (ulong)count);

    public readonly void WriteEndArray()
    {
        // Definite-length arrays have no end marker.
    }

    public readonly void WriteStartMap(int count) => WriteHead(5, (ulong)count);

    public readonly void WriteEndMap()
    {
        // Definite-length maps have no end marker.
    }

    public readonly void WritePropertyName(ReadOnlySpan<byte> utf8) => WriteString(utf8);

    public readonly void WriteUInt64(ulong value) => WriteHead(0, value);

    public readonly void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteHead(0, (ulong)value);
        }
        else
        {
            // RFC 8949 §3.1: major type 1 carries -1 - n.
            WriteHead(1, (ulong)(-1 - value));
        }
    }

    /// <summary>RFC 8949 §4.2.1: the shortest float that keeps the value; NaN as the canonical half 0xF97E00 (§4.2.2).</summary>
    public readonly void WriteDouble(double value)
    {
        if (double.IsNaN(value))
        {
            // Every NaN (any sign, any payload) is written as the quiet NaN f9 7e 00, so equal payloads encode equally.
            Span<byte> nan = _output.GetSpan(3);
            nan[0] = 0xF9;
            nan[1] = 0x7E;
            nan[2] = 0x00;
            _output.Advance(3);
            return;
        }

        float single = (float)value;
        if (single == value)
        {
            Half half = (Half)single;
            if ((float)half == single)
            {
                Span<byte> h = _output.GetSpan(3);
                h[0] = 0xF9;
                BinaryPrimitives.WriteHalfBigEndian(h[1..], half);
                _output.Advance(3);
                return;
            }

            Span<byte> s = _output.GetSpan(5);
            s[0] = 0xFA;
            BinaryPrimitives.WriteSingleBigEndian(s[1..], single);
            _output.Advance(5);
            return;
        }

        Span<byte> d = _output.GetSpan(9);
        d[0] = 0xFB;
        BinaryPrimitives.WriteDoubleBigEndian(d[1..], value);
        _output.Advance(9);
    }

    public readonly void WriteBoolean(bool value) => _output.Write(value ? (byte)0xF5 : (byte)0xF4);

    public readonly void WriteNull() => _output.Write(0xF6);

    public readonly void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteHead(3, (ulong)utf8.Length);
        _output.Write(utf8);
    }

    public readonly void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteHead(2, (ulong)bytes.Length);
        _output.Write(bytes);
    }

    public readonly void WriteEncodedItems(ReadOnlySpan<byte> encoded, int count) => _output.Write(encoded);

    /// <summary>RFC 8949 §3: initial byte plus the argument in 0, 1, 2, 4 or 8 bytes, whichever is shortest.</summary>
    private readonly void WriteHead(byte major, ulong argument)
    {
        Span<byte> span = _output.GetSpan(9);
        byte type = (byte)(major << 5);
        int size;
        if (argument < 24)
        {
            span[0] = (byte)(type | (byte)argument);
            size = 1;
        }
        else if (argument <= byte.MaxValue)
        {
            span[0] = (byte)(type | 24);
            span[1] = (byte)argument;
            size = 2;
        }
        else if (argument <= ushort.MaxValue)
        {
            span[0] = (byte)(type | 25);
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)argument);
            size = 3;
        }
        else if (argument <= uint.MaxValue)
        {
            span[0] = (byte)(type | 26);
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)argument);
            size = 5;
        }
        else
        {
            span[0] = (byte)(type | 27);
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], argument);
            size = 9;
        }

        _output.Advance(size);
    }
}
