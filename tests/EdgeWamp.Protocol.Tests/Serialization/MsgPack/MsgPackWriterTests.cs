using System.Text;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Serialization.MsgPack;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serialization.MsgPack;

/// <summary>The writer must pick the smallest MessagePack format on both sides of every boundary (msgpack spec, "Formats").</summary>
public sealed class MsgPackWriterTests
{
    private delegate void Write(ref MsgPackWriter writer);

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "cc80")]
    [InlineData(255UL, "ccff")]
    [InlineData(256UL, "cd0100")]
    [InlineData(65535UL, "cdffff")]
    [InlineData(65536UL, "ce00010000")]
    [InlineData(4294967295UL, "ceffffffff")]
    [InlineData(4294967296UL, "cf0000000100000000")]
    [InlineData(9007199254740992UL, "cf0020000000000000")]
    [InlineData(18446744073709551615UL, "cfffffffffffffffff")]
    public void WriteUInt64_FormatBoundary_WritesSmallestFormat(ulong value, string expectedHex)
    {
        byte[] encoded = Encode((ref MsgPackWriter w) => w.WriteUInt64(value));

        Assert.Equal(expectedHex, Hex.Format(encoded));
        WampValue.AssertEqual(System.Text.Json.Nodes.JsonValue.Create(value), MsgPackOracle.Read(encoded));
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(200L, "ccc8")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    [InlineData(-128L, "d080")]
    [InlineData(-129L, "d1ff7f")]
    [InlineData(-32768L, "d18000")]
    [InlineData(-32769L, "d2ffff7fff")]
    [InlineData(-2147483648L, "d280000000")]
    [InlineData(-2147483649L, "d3ffffffff7fffffff")]
    [InlineData(long.MinValue, "d38000000000000000")]
    public void WriteInt64_FormatBoundary_WritesSmallestFormat(long value, string expectedHex)
    {
        byte[] encoded = Encode((ref MsgPackWriter w) => w.WriteInt64(value));

        Assert.Equal(expectedHex, Hex.Format(encoded));
        WampValue.AssertEqual(System.Text.Json.Nodes.JsonValue.Create(value), MsgPackOracle.Read(encoded));
    }

    // Doubles are always float 64: MessagePack's float 32 would lose precision for most values, so no narrowing is attempted.
    [Theory]
    [InlineData(1.5, "cb3ff8000000000000")]
    [InlineData(-0.0, "cb8000000000000000")]
    [InlineData(1.1, "cb3ff199999999999a")]
    [InlineData(double.PositiveInfinity, "cb7ff0000000000000")]
    public void WriteDouble_AnyValue_WritesFloat64(double value, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex.Format(Encode((ref MsgPackWriter w) => w.WriteDouble(value))));
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(1, "a1")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    public void WriteString_LengthBoundary_WritesSmallestStrFormat(int length, string expectedHead)
    {
        byte[] utf8 = Encoding.ASCII.GetBytes(new string('x', length));

        byte[] encoded = Encode((ref MsgPackWriter w) => w.WriteString(utf8));

        Assert.Equal(expectedHead, Hex.Format(encoded.AsSpan(0, expectedHead.Length / 2)));
        Assert.Equal((expectedHead.Length / 2) + length, encoded.Length);
        WampValue.AssertEqual(System.Text.Json.Nodes.JsonValue.Create(new string('x', length)), MsgPackOracle.Read(encoded));
    }

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(1, "c401")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    public void WriteBytes_LengthBoundary_WritesSmallestBinFormat(int length, string expectedHead)
    {
        byte[] bytes = new byte[length];

        byte[] encoded = Encode((ref MsgPackWriter w) => w.WriteBytes(bytes));

        Assert.Equal(expectedHead, Hex.Format(encoded.AsSpan(0, expectedHead.Length / 2)));
        Assert.Equal((expectedHead.Length / 2) + length, encoded.Length);
        WampValue.AssertEqual(WampValue.Bytes(bytes), MsgPackOracle.Read(encoded));
    }

    [Theory]
    [InlineData(0, "90")]
    [InlineData(15, "9f")]
    [InlineData(16, "dc0010")]
    [InlineData(65535, "dcffff")]
    [InlineData(65536, "dd00010000")]
    public void WriteStartArray_CountBoundary_WritesSmallestArrayFormat(int count, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex.Format(Encode((ref MsgPackWriter w) => w.WriteStartArray(count))));
    }

    [Theory]
    [InlineData(0, "80")]
    [InlineData(15, "8f")]
    [InlineData(16, "de0010")]
    [InlineData(65535, "deffff")]
    [InlineData(65536, "df00010000")]
    public void WriteStartMap_CountBoundary_WritesSmallestMapFormat(int count, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex.Format(Encode((ref MsgPackWriter w) => w.WriteStartMap(count))));
    }

    [Fact]
    public void WriteStartMap_NestedValues_OracleReadsTheSameTree()
    {
        byte[] encoded = Encode((ref MsgPackWriter w) =>
        {
            w.WriteStartMap(3);
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
            w.WriteEndMap();
        });

        Assert.Equal("83a16193c3c2c0a2c3bcffa080", Hex.Format(encoded));
        WampValue.AssertEqual(WampValue.Parse("""{"a":[true,false,null],"ü":-1,"":{}}"""), MsgPackOracle.Read(encoded));
    }

    [Fact]
    public void WriteEncodedItems_EncodedPayload_CopiesBytesVerbatim()
    {
        byte[] payload = Hex.Parse("91ad48656c6c6f2c20776f726c642181a161c3");

        byte[] encoded = Encode((ref MsgPackWriter w) =>
        {
            w.WriteStartArray(2);
            w.WriteEncodedItems(payload, 2);
        });

        Assert.Equal("92" + Hex.Format(payload), Hex.Format(encoded));
    }

    private static byte[] Encode(Write write)
    {
        using var output = new OutputBuffer(16);
        var writer = new MsgPackWriter(output);
        write(ref writer);
        return output.WrittenSpan.ToArray();
    }
}
