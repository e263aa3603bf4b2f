using System.Formats.Cbor;
using System.Text;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Tests.TestSupport;
using WampCborWriter = EdgeWamp.Protocol.Serialization.Cbor.CborWriter;

namespace EdgeWamp.Protocol.Tests.Serialization.Cbor;

/// <summary>
/// RFC 8949 Appendix A encodings written back: the output must be byte-identical to the preferred (shortest) form
/// and accepted by System.Formats.Cbor in Strict mode, and in Canonical mode where the value has a canonical form.
/// </summary>
public sealed class CborWriterTests
{
    private delegate void Write(ref WampCborWriter writer);

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(10UL, "0a")]
    [InlineData(23UL, "17")]
    [InlineData(24UL, "1818")]
    [InlineData(25UL, "1819")]
    [InlineData(100UL, "1864")]
    [InlineData(255UL, "18ff")]
    [InlineData(256UL, "190100")]
    [InlineData(1000UL, "1903e8")]
    [InlineData(65535UL, "19ffff")]
    [InlineData(65536UL, "1a00010000")]
    [InlineData(1000000UL, "1a000f4240")]
    [InlineData(4294967295UL, "1affffffff")]
    [InlineData(4294967296UL, "1b0000000100000000")]
    [InlineData(1000000000000UL, "1b000000e8d4a51000")]
    [InlineData(18446744073709551615UL, "1bffffffffffffffff")]
    public void WriteUInt64_AppendixAValue_WritesShortestForm(ulong value, string expectedHex)
    {
        byte[] encoded = Encode((ref WampCborWriter w) => w.WriteUInt64(value));

        Assert.Equal(expectedHex, Hex.Format(encoded));
        var oracle = new CborReader(encoded, CborConformanceMode.Canonical);
        Assert.Equal(value, oracle.ReadUInt64());
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(23L, "17")]
    [InlineData(24L, "1818")]
    [InlineData(long.MaxValue, "1b7fffffffffffffff")]
    [InlineData(-1L, "20")]
    [InlineData(-10L, "29")]
    [InlineData(-24L, "37")]
    [InlineData(-25L, "3818")]
    [InlineData(-100L, "3863")]
    [InlineData(-256L, "38ff")]
    [InlineData(-257L, "390100")]
    [InlineData(-1000L, "3903e7")]
    [InlineData(-65536L, "39ffff")]
    [InlineData(-65537L, "3a00010000")]
    [InlineData(-4294967296L, "3affffffff")]
    [InlineData(-4294967297L, "3b0000000100000000")]
    [InlineData(long.MinValue, "3b7fffffffffffffff")]
    public void WriteInt64_AppendixAValue_WritesShortestForm(long value, string expectedHex)
    {
        byte[] encoded = Encode((ref WampCborWriter w) => w.WriteInt64(value));

        Assert.Equal(expectedHex, Hex.Format(encoded));
        var oracle = new CborReader(encoded, CborConformanceMode.Canonical);
        Assert.Equal(value, oracle.ReadInt64());
    }

    [Theory]
    [InlineData(0.0, "f90000")]
    [InlineData(-0.0, "f98000")]
    [InlineData(1.0, "f93c00")]
    [InlineData(1.1, "fb3ff199999999999a")]
    [InlineData(1.5, "f93e00")]
    [InlineData(65504.0, "f97bff")]
    [InlineData(100000.0, "fa47c35000")]
    [InlineData(3.4028234663852886e+38, "fa7f7fffff")]
    [InlineData(1.0e+300, "fb7e37e43c8800759c")]
    [InlineData(5.960464477539063e-8, "f90001")]
    [InlineData(0.00006103515625, "f90400")]
    [InlineData(-4.0, "f9c400")]
    [InlineData(-4.1, "fbc010666666666666")]
    [InlineData(double.PositiveInfinity, "f97c00")]
    [InlineData(double.NaN, "f97e00")]
    [InlineData(double.NegativeInfinity, "f9fc00")]
    [InlineData(65520.0, "fa477ff000")]
    [InlineData(16777216.0, "fa4b800000")]
    [InlineData(16777217.0, "fb4170000010000000")]
    public void WriteDouble_AppendixAValue_WritesShortestPreservingForm(double value, string expectedHex)
    {
        byte[] encoded = Encode((ref WampCborWriter w) => w.WriteDouble(value));

        Assert.Equal(expectedHex, Hex.Format(encoded));
        var oracle = new CborReader(encoded, CborConformanceMode.Strict);
        double read = oracle.ReadDouble();
        Assert.True(double.IsNaN(value) ? double.IsNaN(read) : BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(read));
    }

    // RFC 8949 §4.2.2: every NaN, whatever its sign or payload, is written as the one canonical half f9 7e 00.
    [Theory]
    [InlineData(0x7FF8000000000000UL)]
    [InlineData(0xFFF8000000000000UL)]
    [InlineData(0x7FF0000000000001UL)]
    [InlineData(0x7FF8000000000001UL)]
    [InlineData(0xFFFFFFFFFFFFFFFFUL)]
    public void WriteDouble_AnyNaN_WritesCanonicalHalfNaN(ulong bits)
    {
        double nan = BitConverter.UInt64BitsToDouble(bits);
        Assert.True(double.IsNaN(nan));

        byte[] encoded = Encode((ref WampCborWriter w) => w.WriteDouble(nan));

        Assert.Equal("f97e00", Hex.Format(encoded));
    }

    [Fact]
    public void WriteDouble_ManyValues_MatchesSystemFormatsCborShortestEncoding()
    {
        var random = new Random(8949);
        var values = new List<double> { double.Epsilon, double.MaxValue, double.MinValue, float.Epsilon, float.MaxValue, (double)Half.Epsilon, (double)Half.MaxValue, 0.5, 0.25, 1.0 / 3 };
        for (int i = 0; i < 2000; i++)
        {
            values.Add(random.NextDouble() * Math.Pow(2, random.Next(-30, 30)));
            values.Add((double)(float)(random.NextDouble() * 1000));
            values.Add((double)(Half)(random.NextDouble() * 100));
        }

        foreach (double value in values)
        {
            byte[] encoded = Encode((ref WampCborWriter w) => w.WriteDouble(value));
            var oracle = new System.Formats.Cbor.CborWriter(CborConformanceMode.Canonical);
            oracle.WriteDouble(value);

            Assert.True(Hex.Format(oracle.Encode()) == Hex.Format(encoded), $"{value:R}: {Hex.Format(encoded)}");
        }
    }

    [Theory]
    [InlineData("", "60")]
    [InlineData("a", "61")]
    [InlineData("IETF", "64")]
    [InlineData("\"\\", "62")]
    [InlineData("\u00fc", "62")]
    [InlineData("\u6c34", "63")]
    [InlineData("\U00010151", "64")]
    [InlineData("abcdefghijklmnopqrstuvw", "77")]
    [InlineData("abcdefghijklmnopqrstuvwx", "7818")]
    public void WriteString_AppendixAValue_WritesDefiniteLengthText(string text, string expectedHead)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);

        byte[] encoded = Encode((ref WampCborWriter w) => w.WriteString(utf8));

        Assert.Equal(expectedHead + Hex.Format(utf8), Hex.Format(encoded));
        var oracle = new CborReader(encoded, CborConformanceMode.Canonical);
        Assert.Equal(text, oracle.ReadTextString());
        Assert.Equal(0, oracle.BytesRemaining);
    }

    [Theory]
    [InlineData("", "40")]
    [InlineData("01020304", "4401020304")]
    public void WriteBytes_AppendixAValue_WritesDefiniteLengthBytes(string hex, string expectedHex)
    {
        byte[] encoded = Encode((ref WampCborWriter w) => w.WriteBytes(Hex.Parse(hex)));

        Assert.Equal(expectedHex, Hex.Format(encoded));
        CborOracle.AssertConforms(encoded, CborConformanceMode.Canonical);
    }

    [Theory]
    [InlineData(255, "58ff")]
    [InlineData(300, "59012c")]
    [InlineData(65536, "5a00010000")]
    public void WriteBytes_LongValue_UsesShortestLengthHead(int length, string expectedHead)
    {
        byte[] encoded = Encode((ref WampCborWriter w) => w.WriteBytes(new byte[length]));

        Assert.Equal(expectedHead, Hex.Format(encoded.AsSpan(0, expectedHead.Length / 2)));
        Assert.Equal((expectedHead.Length / 2) + length, encoded.Length);
        CborOracle.AssertConforms(encoded, CborConformanceMode.Canonical);
    }

    [Theory]
    [InlineData(0, "80")]
    [InlineData(23, "97")]
    [InlineData(24, "9818")]
    [InlineData(255, "98ff")]
    [InlineData(256, "990100")]
    [InlineData(65536, "9a00010000")]
    public void WriteStartArray_Count_WritesShortestHead(int count, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex.Format(Encode((ref WampCborWriter w) => w.WriteStartArray(count))));
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(23, "b7")]
    [InlineData(24, "b818")]
    [InlineData(256, "b90100")]
    public void WriteStartMap_Count_WritesShortestHead(int count, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex.Format(Encode((ref WampCborWriter w) => w.WriteStartMap(count))));
    }

    [Fact]
    public void WriteStartArray_NestedAppendixAArray_MatchesVectorAndIsCanonical()
    {
        byte[] encoded = Encode((ref WampCborWriter w) =>
        {
            w.WriteStartArray(3);
            w.WriteUInt64(1);
            w.WriteStartArray(2);
            w.WriteUInt64(2);
            w.WriteUInt64(3);
            w.WriteEndArray();
            w.WriteStartArray(2);
            w.WriteUInt64(4);
            w.WriteUInt64(5);
            w.WriteEndArray();
            w.WriteEndArray();
        });

        Assert.Equal("8301820203820405", Hex.Format(encoded));
        CborOracle.AssertConforms(encoded, CborConformanceMode.Canonical);
    }

    [Fact]
    public void WriteStartMap_AppendixAMap_MatchesVectorAndIsCanonical()
    {
        byte[] encoded = Encode((ref WampCborWriter w) =>
        {
            w.WriteStartMap(2);
            w.WritePropertyName("a"u8);
            w.WriteUInt64(1);
            w.WritePropertyName("b"u8);
            w.WriteStartArray(2);
            w.WriteUInt64(2);
            w.WriteUInt64(3);
            w.WriteEndArray();
            w.WriteEndMap();
        });

        Assert.Equal("a26161016162820203", Hex.Format(encoded));
        CborOracle.AssertConforms(encoded, CborConformanceMode.Canonical);
    }

    [Fact]
    public void WriteBooleanAndNull_SimpleValues_WriteF4F5F6()
    {
        byte[] encoded = Encode((ref WampCborWriter w) =>
        {
            w.WriteStartArray(3);
            w.WriteBoolean(false);
            w.WriteBoolean(true);
            w.WriteNull();
        });

        Assert.Equal("83f4f5f6", Hex.Format(encoded));
        CborOracle.AssertConforms(encoded, CborConformanceMode.Canonical);
    }

    [Fact]
    public void WriteEncodedItems_EncodedPayload_CopiesBytesVerbatim()
    {
        byte[] payload = Hex.Parse("816d48656c6c6f2c20776f726c6421a16161f5");

        byte[] encoded = Encode((ref WampCborWriter w) =>
        {
            w.WriteStartArray(2);
            w.WriteEncodedItems(payload, 2);
        });

        Assert.Equal("82" + Hex.Format(payload), Hex.Format(encoded));
    }

    private static byte[] Encode(Write write)
    {
        using var output = new OutputBuffer(16);
        var writer = new WampCborWriter(output);
        write(ref writer);
        return output.WrittenSpan.ToArray();
    }
}
