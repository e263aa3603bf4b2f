using System.Buffers.Binary;
using System.Buffers.Text;
using EdgeWamp.Protocol.Buffers;
using Marker = EdgeWamp.Protocol.Serialization.UbJson.UbJsonSpanReader;

namespace EdgeWamp.Protocol.Serialization.UbJson;

/// <summary>
/// Writes UBJSON (Draft 12, ubjson.org) into an <see cref="OutputBuffer"/>: integers, lengths and counts with the smallest
/// marker that holds them, containers with a count (<c>#</c>) and so without an end marker.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Binary is a strongly typed uint8 array, <c>[$U#</c> count bytes: UBJSON's own form for it ("Binary Data"), and
/// what Autobahn's UBJSON serializer (py-ubjson) writes and reads as bytes.</item>
/// <item>Integers above 2^63 - 1, which no UBJSON integer type holds, become high-precision numbers (<c>H</c>, decimal text),
/// as py-ubjson writes them.</item>
/// <item>A float is written as float32 (<c>d</c>) when that holds it exactly, otherwise as float64 (<c>D</c>); NaN and the
/// infinities are written as null, as Draft 12 ("Numeric Types", "Infinity") says.</item>
/// </list>
/// </remarks>
public struct UbJsonWriter : IWampWriter
{
    private readonly OutputBuffer _output;

    public UbJsonWriter(OutputBuffer output)
    {
        _output = output;
    }

    public readonly WampSerializer Serializer => WampSerializer.UbJson;

    public readonly void WriteStartArray(int count) => WriteContainerStart(Marker.ArrayStart, count);

    public readonly void WriteEndArray()
    {
        // Counted containers have no end marker (Draft 12, "Optimized Format").
    }

    public readonly void WriteStartMap(int count) => WriteContainerStart(Marker.ObjectStart, count);

    public readonly void WriteEndMap()
    {
        // Counted containers have no end marker.
    }

    /// <summary>A key is a length and UTF-8 bytes, without the <c>S</c> marker (Draft 12, "Object Type").</summary>
    public readonly void WritePropertyName(ReadOnlySpan<byte> utf8)
    {
        WriteInteger(utf8.Length);
        _output.Write(utf8);
    }

    public readonly void WriteUInt64(ulong value)
    {
        if (value <= long.MaxValue)
        {
            WriteInteger((long)value);
            return;
        }

        // 2^63 .. 2^64 - 1 has 19 or 20 digits.
        Span<byte> span = _output.GetSpan(23);
        Utf8Formatter.TryFormat(value, span[3..], out int digits);
        span[0] = Marker.HighPrecision;
        span[1] = Marker.UInt8;
        span[2] = (byte)digits;
        _output.Advance(3 + digits);
    }

    public readonly void WriteInt64(long value) => WriteInteger(value);

    public readonly void WriteDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            _output.Write(Marker.Null);
            return;
        }

        float single = (float)value;
        if (single == value)
        {
            Span<byte> s = _output.GetSpan(5);
            s[0] = Marker.Float32;
            BinaryPrimitives.WriteSingleBigEndian(s[1..], single);
            _output.Advance(5);
            return;
        }

        Span<byte> d = _output.GetSpan(9);
        d[0] = Marker.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(d[1..], value);
        _output.Advance(9);
    }

    public readonly void WriteBoolean(bool value) => _output.Write(value ? Marker.True : Marker.False);

    public readonly void WriteNull() => _output.Write(Marker.Null);

    public readonly void WriteString(ReadOnlySpan<byte> utf8)
    {
        _output.Write(Marker.String);
        WriteInteger(utf8.Length);
        _output.Write(utf8);
    }

    public readonly void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Span<byte> head = _output.GetSpan(4);
        head[0] = Marker.ArrayStart;
        head[1] = Marker.ContainerType;
        head[2] = Marker.UInt8;
        head[3] = Marker.ContainerCount;
        _output.Advance(4);
        WriteInteger(bytes.Length);
        _output.Write(bytes);
    }

    public readonly void WriteEncodedItems(ReadOnlySpan<byte> encoded, int count) => _output.Write(encoded);

    private readonly void WriteContainerStart(byte marker, int count)
    {
        Span<byte> head = _output.GetSpan(2);
        head[0] = marker;
        head[1] = Marker.ContainerCount;
        _output.Advance(2);
        WriteInteger(count);
    }

    /// <summary>The smallest integer type that holds the value: uint8 for 0..255, int8 for -128..-1, then int16, int32, int64.</summary>
    private readonly void WriteInteger(long value)
    {
        Span<byte> span = _output.GetSpan(9);
        int size;
        if (value is >= 0 and <= byte.MaxValue)
        {
            span[0] = Marker.UInt8;
            span[1] = (byte)value;
            size = 2;
        }
        else if (value is >= sbyte.MinValue and < 0)
        {
            span[0] = Marker.Int8;
            span[1] = (byte)(sbyte)value;
            size = 2;
        }
        else if (value is >= short.MinValue and <= short.MaxValue)
        {
            span[0] = Marker.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            size = 3;
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            span[0] = Marker.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            size = 5;
        }
        else
        {
            span[0] = Marker.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            size = 9;
        }

        _output.Advance(size);
    }
}
