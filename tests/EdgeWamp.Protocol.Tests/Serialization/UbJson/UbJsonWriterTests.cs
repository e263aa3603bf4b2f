using System.Text;
using System.Text.Json.Nodes;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.UbJson;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serialization.UbJson;

/// <summary>
/// The writer must pick the smallest UBJSON integer type on both sides of every boundary (Draft 12, "Numeric Types"),
/// count every container, and write binary as a strongly typed uint8 array; the oracle and the reader read it back.
/// </summary>
public sealed class UbJsonWriterTests
{
    private delegate void Write(ref UbJsonWriter writer);

    [Theory]
    [InlineData(0UL, "5500")]
    [InlineData(127UL, "557f")]
    [InlineData(255UL, "55ff")]
    [InlineData(256UL, "490100")]
    [InlineData(32767UL, "497fff")]
    [InlineData(32768UL, "6c00008000")]
    [InlineData(2147483647UL, "6c7fffffff")]
    [InlineData(2147483648UL, "4c0000000080000000")]
    [InlineData(9007199254740992UL, "4c0020000000000000")]
    [InlineData(9223372036854775807UL, "4c7fffffffffffffff")]
    [InlineData(9223372036854775808UL, "485513" + "39323233333732303336383534373735383038")]
    [InlineData(18446744073709551615UL, "485514" + "3138343436373434303733373039353531363135")]
    public void WriteUInt64_TypeBoundary_WritesSmallestType(ulong value, string expectedHex)
    {
        byte[] encoded = Encode((ref UbJsonWriter w) => w.WriteUInt64(value));

        Assert.Equal(expectedHex, Hex.Format(encoded));
        WampValue.AssertEqual(JsonValue.Create(value), UbJsonOracle.Read(encoded));
        var reader = new UbJsonSpanReader(encoded);
        Assert.True(reader.TryReadUInt64(out ulong read));
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData(0L, "5500")]
    [InlineData(200L, "55c8")]
    [InlineData(-1L, "69ff")]
    [InlineData(-128L, "6980")]
    [InlineData(-129L, "49ff7f")]
    [InlineData(-32768L, "498000")]
    [InlineData(-32769L, "6cffff7fff")]
    [InlineData(-2147483648L, "6c80000000")]
    [InlineData(-2147483649L, "4cffffffff7fffffff")]
    [InlineData(long.MinValue, "4c8000000000000000")]
    [InlineData(long.MaxValue, "4c7fffffffffffffff")]
    public void WriteInt64_TypeBoundary_WritesSmallestType(long value, string expectedHex)
    {
        byte[] encoded = Encode((ref UbJsonWriter w) => w.WriteInt64(value));

        Assert.Equal(expectedHex, Hex.Format(encoded));
        WampValue.AssertEqual(JsonValue.Create(value), UbJsonOracle.Read(encoded));
        var reader = new UbJsonSpanReader(encoded);
        Assert.True(reader.TryReadInt64(out long read));
        Assert.Equal(value, read);
    }

    // float32 when it holds the value exactly, float64 otherwise; NaN and infinities as null (Draft 12, "Infinity").
    [Theory]
    [InlineData(1.5, "643fc00000")]
    [InlineData(-0.0, "6480000000")]
    [InlineData(65504.0, "64477fe000")]
    [InlineData(1.1, "443ff199999999999a")]
    [InlineData(1e300, "447e37e43c8800759c")]
    [InlineData(double.PositiveInfinity, "5a")]
    [InlineData(double.NegativeInfinity, "5a")]
    [InlineData(double.NaN, "5a")]
    public void WriteDouble_AnyValue_WritesExactFloatOrNull(double value, string expectedHex)
    {
        byte[] encoded = Encode((ref UbJsonWriter w) => w.WriteDouble(value));

        Assert.Equal(expectedHex, Hex.Format(encoded));
        var reader = new UbJsonSpanReader(encoded);
        if (double.IsFinite(value))
        {
            Assert.True(reader.TryReadDouble(out double read));
            Assert.Equal(value, read);
        }
    }

    [Theory]
    [InlineData(0, "535500")]
    [InlineData(1, "535501")]
    [InlineData(255, "5355ff")]
    [InlineData(256, "53490100")]
    [InlineData(32767, "53497fff")]
    [InlineData(32768, "536c00008000")]
    public void WriteString_LengthBoundary_WritesSmallestLengthType(int length, string expectedHead)
    {
        byte[] utf8 = Encoding.ASCII.GetBytes(new string('x', length));

        byte[] encoded = Encode((ref UbJsonWriter w) => w.WriteString(utf8));

        Assert.Equal(expectedHead, Hex.Format(encoded.AsSpan(0, expectedHead.Length / 2)));
        Assert.Equal((expectedHead.Length / 2) + length, encoded.Length);
        WampValue.AssertEqual(JsonValue.Create(new string('x', length)), UbJsonOracle.Read(encoded));
    }

    // Binary: [$U# count bytes (Draft 12, "Binary Data"), as py-ubjson writes and reads bytes.
    [Theory]
    [InlineData(0, "5b24552355 00")]
    [InlineData(3, "5b24552355 03")]
    [InlineData(255, "5b24552355 ff")]
    [InlineData(256, "5b24552349 0100")]
    [InlineData(65536, "5b2455236c 00010000")]
    public void WriteBytes_LengthBoundary_WritesTypedUInt8Array(int length, string expectedHead)
    {
        byte[] bytes = [.. Enumerable.Range(0, length).Select(i => (byte)i)];

        byte[] encoded = Encode((ref UbJsonWriter w) => w.WriteBytes(bytes));

        string head = expectedHead.Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Equal(head, Hex.Format(encoded.AsSpan(0, head.Length / 2)));
        Assert.Equal((head.Length / 2) + length, encoded.Length);
        WampValue.AssertEqual(WampValue.Bytes(bytes), UbJsonOracle.Read(encoded));
        var reader = new UbJsonSpanReader(encoded);
        Assert.True(reader.TryPeekKind(out WampValueKind kind));
        Assert.Equal(WampValueKind.Bytes, kind);
        Assert.True(reader.TryReadBytes(Span<byte>.Empty, out ReadOnlySpan<byte> read));
        Assert.Equal(Hex.Format(bytes), Hex.Format(read));
    }

    [Theory]
    [InlineData(0, "5b235500")]
    [InlineData(255, "5b2355ff")]
    [InlineData(256, "5b23490100")]
    [InlineData(65536, "5b236c00010000")]
    public void WriteStartArray_Count_WritesCountedHeader(int count, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex.Format(Encode((ref UbJsonWriter w) => w.WriteStartArray(count))));
    }

    [Theory]
    [InlineData(0, "7b235500")]
    [InlineData(300, "7b2349012c")]
    public void WriteStartMap_Count_WritesCountedHeader(int count, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex.Format(Encode((ref UbJsonWriter w) => w.WriteStartMap(count))));
    }

    [Fact]
    public void WriteStartMap_NestedValues_OracleAndReaderReadTheSameTree()
    {
        byte[] encoded = Encode((ref UbJsonWriter w) =>
        {
            w.WriteStartMap(4);
            w.WritePropertyName("a"u8);
            w.WriteStartArray(3);
            w.WriteBoolean(true);
            w.WriteBoolean(false);
            w.WriteNull();
            w.WriteEndArray();
            w.WritePropertyName("\u00fc"u8);
            w.WriteInt64(-1);
            w.WritePropertyName(""u8);
            w.WriteStartMap(0);
            w.WriteEndMap();
            w.WritePropertyName("b"u8);
            w.WriteBytes([0xff]);
            w.WriteEndMap();
        });

        // Keys carry no 'S' marker; counted containers no end marker.
        Assert.Equal("7b235504" + "550161" + "5b235503" + "54465a" + "5502c3bc" + "69ff" + "5500" + "7b235500"
            + "550162" + "5b2455235501ff", Hex.Format(encoded));
        JsonNode? expected = WampValue.Parse("""{"a":[true,false,null],"ü":-1,"":{},"b":"\u0000/w=="}""");
        WampValue.AssertEqual(expected, UbJsonOracle.Read(encoded));
        var reader = new UbJsonSpanReader(encoded);
        WampValue.AssertEqual(expected, ReaderWalker.Read(ref reader));
        Assert.Equal(encoded.Length, reader.Position);
    }

    [Fact]
    public void WriteEncodedItems_EncodedPayload_CopiesBytesVerbatim()
    {
        byte[] payload = Hex.Parse("5b53550d48656c6c6f2c20776f726c64215d7b55016154 7d");

        byte[] encoded = Encode((ref UbJsonWriter w) =>
        {
            w.WriteStartArray(2);
            w.WriteEncodedItems(payload, 2);
        });

        Assert.Equal("5b235502" + Hex.Format(payload), Hex.Format(encoded));
    }

    [Fact]
    public void Serializer_IsUbJsonWithRawSocketIdFour()
    {
        using var output = new OutputBuffer(16);

        Assert.Equal(WampSerializer.UbJson, new UbJsonWriter(output).Serializer);
        Assert.Equal(4, (int)WampSerializer.UbJson);
    }

    private static byte[] Encode(Write write)
    {
        using var output = new OutputBuffer(16);
        var writer = new UbJsonWriter(output);
        write(ref writer);
        return output.WrittenSpan.ToArray();
    }
}
