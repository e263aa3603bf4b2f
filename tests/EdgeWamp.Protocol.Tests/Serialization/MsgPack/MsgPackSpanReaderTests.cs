using System.Text;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.MsgPack;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serialization.MsgPack;

/// <summary>
/// MessagePack format boundaries (msgpack spec, "Formats") and malformed input. Every failing <c>Try…</c> must leave
/// <see cref="MsgPackSpanReader.Position"/> where it was.
/// </summary>
public sealed class MsgPackSpanReaderTests
{
    private delegate bool ReaderTry(ref MsgPackSpanReader reader);

    [Theory]
    [InlineData("00", 0UL)]
    [InlineData("7f", 127UL)]
    [InlineData("cc00", 0UL)]
    [InlineData("cc80", 128UL)]
    [InlineData("ccff", 255UL)]
    [InlineData("cd0100", 256UL)]
    [InlineData("cdffff", 65535UL)]
    [InlineData("ce00010000", 65536UL)]
    [InlineData("ceffffffff", 4294967295UL)]
    [InlineData("cf0000000100000000", 4294967296UL)]
    [InlineData("cf0020000000000000", 9007199254740992UL)]
    [InlineData("cfffffffffffffffff", 18446744073709551615UL)]
    [InlineData("d005", 5UL)]
    [InlineData("d17fff", 32767UL)]
    [InlineData("d37fffffffffffffff", 9223372036854775807UL)]
    public void TryReadUInt64_EveryUnsignedFormat_ReadsValueAndConsumesIt(string hex, ulong expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new MsgPackSpanReader(data);

        Assert.True(reader.TryReadUInt64(out ulong value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("00", 0L)]
    [InlineData("7f", 127L)]
    [InlineData("ff", -1L)]
    [InlineData("e0", -32L)]
    [InlineData("d0df", -33L)]
    [InlineData("d080", -128L)]
    [InlineData("d1ff7f", -129L)]
    [InlineData("d18000", -32768L)]
    [InlineData("d2ffff7fff", -32769L)]
    [InlineData("d280000000", -2147483648L)]
    [InlineData("d3ffffffff7fffffff", -2147483649L)]
    [InlineData("d3ffe0000000000000", -9007199254740992L)]
    [InlineData("d38000000000000000", long.MinValue)]
    [InlineData("cf7fffffffffffffff", long.MaxValue)]
    [InlineData("ccff", 255L)]
    public void TryReadInt64_EverySignedFormat_ReadsValueAndConsumesIt(string hex, long expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new MsgPackSpanReader(data);

        Assert.True(reader.TryReadInt64(out long value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("ca3fc00000", 1.5)]
    [InlineData("ca7f800000", double.PositiveInfinity)]
    [InlineData("cb3ff8000000000000", 1.5)]
    [InlineData("cb3ff199999999999a", 1.1)]
    [InlineData("cb8000000000000000", -0.0)]
    [InlineData("cb7e37e43c8800759c", 1.0e+300)]
    [InlineData("2a", 42.0)]
    [InlineData("d0df", -33.0)]
    public void TryReadDouble_FloatAndIntegerFormats_ReadsValue(string hex, double expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new MsgPackSpanReader(data);

        Assert.True(reader.TryReadDouble(out double value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("a0", 0)]
    [InlineData("a1", 1)]
    [InlineData("bf", 31)]
    [InlineData("d900", 0)]
    [InlineData("d920", 32)]
    [InlineData("d9ff", 255)]
    [InlineData("da0000", 0)]
    [InlineData("da0100", 256)]
    [InlineData("daffff", 65535)]
    [InlineData("db00010000", 65536)]
    public void TryReadString_EveryStrFormat_SlicesInput(string head, int length)
    {
        byte[] data = [.. Hex.Parse(head), .. Enumerable.Repeat((byte)'x', length)];
        var reader = new MsgPackSpanReader(data);

        Assert.Equal(0, reader.GetScratchLength());
        Assert.True(reader.TryReadString(Span<byte>.Empty, out ReadOnlySpan<byte> utf8));
        Assert.Equal(length, utf8.Length);
        Assert.True(utf8.IndexOfAnyExcept((byte)'x') < 0);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("a2c3bc", "\u00fc")]
    [InlineData("a3e6b0b4", "\u6c34")]
    [InlineData("a4f0908591", "\U00010151")]
    public void TryReadString_Utf8_ReturnsBytesUnchanged(string hex, string expected)
    {
        var reader = new MsgPackSpanReader(Hex.Parse(hex));

        Assert.True(reader.TryReadString(Span<byte>.Empty, out ReadOnlySpan<byte> utf8));
        Assert.Equal(expected, Encoding.UTF8.GetString(utf8));
    }

    [Theory]
    [InlineData("c400", 0)]
    [InlineData("c401", 1)]
    [InlineData("c4ff", 255)]
    [InlineData("c50100", 256)]
    [InlineData("c5ffff", 65535)]
    [InlineData("c600010000", 65536)]
    public void TryReadBytes_EveryBinFormat_SlicesInput(string head, int length)
    {
        byte[] data = [.. Hex.Parse(head), .. Enumerable.Repeat((byte)0xAB, length)];
        var reader = new MsgPackSpanReader(data);

        Assert.True(reader.TryReadBytes(Span<byte>.Empty, out ReadOnlySpan<byte> bytes));
        Assert.Equal(length, bytes.Length);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("90", 0, false)]
    [InlineData("9f", 15, false)]
    [InlineData("dc0000", 0, false)]
    [InlineData("dc0010", 16, false)]
    [InlineData("dd00000011", 17, false)]
    [InlineData("80", 0, true)]
    [InlineData("8f", 15, true)]
    [InlineData("de0000", 0, true)]
    [InlineData("de0010", 16, true)]
    [InlineData("df00000011", 17, true)]
    public void TryReadStartContainer_EveryArrayAndMapFormat_DeclaresCount(string head, int count, bool isMap)
    {
        // Items are positive fixints; a map gets string keys "a".."q" via fixstr.
        var data = new List<byte>(Hex.Parse(head));
        for (int i = 0; i < count; i++)
        {
            if (isMap)
            {
                data.AddRange([0xA1, (byte)('a' + i)]);
            }

            data.Add((byte)i);
        }

        byte[] bytes = [.. data];
        var reader = new MsgPackSpanReader(bytes);

        Assert.True(isMap ? reader.TryReadStartMap(out ContainerCursor cursor) : reader.TryReadStartArray(out cursor));
        Assert.Equal(count, cursor.DeclaredCount);
        Assert.Equal(Hex.Parse(head).Length, reader.Position);
        reader = new MsgPackSpanReader(bytes);
        Assert.True(reader.TrySkipValue());
        Assert.Equal(bytes.Length, reader.Position);
    }

    [Theory]
    [InlineData("c0", WampValueKind.Null)]
    [InlineData("c2", WampValueKind.Boolean)]
    [InlineData("c3", WampValueKind.Boolean)]
    [InlineData("00", WampValueKind.UnsignedInteger)]
    [InlineData("7f", WampValueKind.UnsignedInteger)]
    [InlineData("cfffffffffffffffff", WampValueKind.UnsignedInteger)]
    [InlineData("d005", WampValueKind.UnsignedInteger)]
    [InlineData("ff", WampValueKind.NegativeInteger)]
    [InlineData("e0", WampValueKind.NegativeInteger)]
    [InlineData("d0ff", WampValueKind.NegativeInteger)]
    [InlineData("d38000000000000000", WampValueKind.NegativeInteger)]
    [InlineData("ca3fc00000", WampValueKind.Float)]
    [InlineData("cb3ff8000000000000", WampValueKind.Float)]
    [InlineData("a0", WampValueKind.String)]
    [InlineData("d900", WampValueKind.String)]
    [InlineData("da0000", WampValueKind.String)]
    [InlineData("db00000000", WampValueKind.String)]
    [InlineData("c400", WampValueKind.Bytes)]
    [InlineData("c50000", WampValueKind.Bytes)]
    [InlineData("c600000000", WampValueKind.Bytes)]
    [InlineData("90", WampValueKind.Array)]
    [InlineData("dc0000", WampValueKind.Array)]
    [InlineData("80", WampValueKind.Map)]
    [InlineData("df00000000", WampValueKind.Map)]
    public void TryPeekKind_EveryFormatFamily_ReportsKindAndConsumesNothing(string hex, WampValueKind expected)
    {
        var reader = new MsgPackSpanReader(Hex.Parse(hex));

        Assert.True(reader.TryPeekKind(out WampValueKind kind));
        Assert.Equal(expected, kind);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("c2", false)]
    [InlineData("c3", true)]
    public void TryReadBoolean_FalseAndTrue_ReadsValue(string hex, bool expected)
    {
        var reader = new MsgPackSpanReader(Hex.Parse(hex));

        Assert.True(reader.TryReadBoolean(out bool value));
        Assert.Equal(expected, value);
        Assert.Equal(1, reader.Position);
    }

    [Fact]
    public void TryReadNull_Nil_ConsumesOneByte()
    {
        var reader = new MsgPackSpanReader(Hex.Parse("c0"));

        Assert.True(reader.TryReadNull());
        Assert.Equal(1, reader.Position);
    }

    [Theory]
    [InlineData("9301920203920405", "[1,[2,3],[4,5]]")]
    [InlineData("82a16101a1629202 03", """{"a":1,"b":[2,3]}""")]
    [InlineData("92a161 81a162a163", """["a",{"b":"c"}]""")]
    [InlineData("93c0c2c3", "[null,false,true]")]
    [InlineData("92c40201 02d90568656c6c6f", """["\u0000AQI=","hello"]""")]
    [InlineData("dc0003 ff d080 cb3ff8000000000000", "[-1,-128,1.5]")]
    [InlineData("de0001 a0 90", """{"":[]}""")]
    public void MoveNext_NestedContainers_WalksEveryItem(string hex, string expectedJson)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new MsgPackSpanReader(data);

        WampValue.AssertEqual(WampValue.Parse(expectedJson), ReaderWalker.Read(ref reader));
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("c0")]
    [InlineData("cfffffffffffffffff")]
    [InlineData("d38000000000000000")]
    [InlineData("ca3fc00000")]
    [InlineData("cb3ff8000000000000")]
    [InlineData("d90568656c6c6f")]
    [InlineData("c50003010203")]
    [InlineData("dd00000002 01 90")]
    [InlineData("df00000001 a161 de0001 a162 c3")]
    public void TrySkipValue_WellFormedValue_ConsumesExactlyTheValue(string hex)
    {
        byte[] data = [.. Hex.Parse(hex), 0x01];
        var reader = new MsgPackSpanReader(data);

        Assert.True(reader.TrySkipValue());
        Assert.Equal(data.Length - 1, reader.Position);
    }

    // The reader must consume nothing when it refuses a value, including a negative integer asked for as unsigned.
    [Theory]
    [InlineData("")]
    [InlineData("ff")]
    [InlineData("e0")]
    [InlineData("d0ff")]
    [InlineData("d1ff7f")]
    [InlineData("d2ffffffff")]
    [InlineData("d3ffffffffffffffff")]
    [InlineData("cc")]
    [InlineData("cd00")]
    [InlineData("ce000000")]
    [InlineData("cf00000000000000")]
    [InlineData("c1")]
    [InlineData("ca3fc00000")]
    [InlineData("a161")]
    [InlineData("c0")]
    public void TryReadUInt64_NegativeTruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TryReadUInt64(out _));

    [Theory]
    [InlineData("")]
    [InlineData("cf8000000000000000")]
    [InlineData("cfffffffffffffffff")]
    [InlineData("d0")]
    [InlineData("d100")]
    [InlineData("d2000000")]
    [InlineData("d300000000000000")]
    [InlineData("c1")]
    [InlineData("c3")]
    public void TryReadInt64_BeyondInt64TruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TryReadInt64(out _));

    [Theory]
    [InlineData("")]
    [InlineData("ca")]
    [InlineData("ca3fc000")]
    [InlineData("cb3ff80000000000")]
    [InlineData("c1")]
    [InlineData("a0")]
    public void TryReadDouble_TruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TryReadDouble(out _));

    [Theory]
    [InlineData("")]
    [InlineData("a1")]
    [InlineData("a2c3")]
    [InlineData("bf")]
    [InlineData("d9")]
    [InlineData("d90561")]
    [InlineData("da00")]
    [InlineData("da000561")]
    [InlineData("db000000")]
    [InlineData("db0000000561")]
    [InlineData("db7fffffff00")]
    [InlineData("dbffffffff00")]
    [InlineData("c40161")]
    [InlineData("c1")]
    public void TryReadString_TruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TryReadString(Span<byte>.Empty, out _));

    [Theory]
    [InlineData("c4")]
    [InlineData("c405")]
    [InlineData("c50005")]
    [InlineData("c5")]
    [InlineData("c6")]
    [InlineData("c60000000501")]
    [InlineData("a161")]
    public void TryReadBytes_TruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TryReadBytes(Span<byte>.Empty, out _));

    [Theory]
    [InlineData("")]
    [InlineData("91")]
    [InlineData("9f00")]
    [InlineData("dc")]
    [InlineData("dc00")]
    [InlineData("dc0001")]
    [InlineData("dd000000")]
    [InlineData("dd00000001")]
    [InlineData("ddffffffff")]
    [InlineData("80")]
    public void TryReadStartArray_TruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TryReadStartArray(out _));

    [Theory]
    [InlineData("81")]
    [InlineData("81a0")]
    [InlineData("de00")]
    [InlineData("de0001a0")]
    [InlineData("df00000001")]
    [InlineData("dfffffffff")]
    [InlineData("90")]
    public void TryReadStartMap_TruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TryReadStartMap(out _));

    // 0xC1 is "never used"; ext types (fixext 0xD4-0xD8, ext 0xC7-0xC9) have no meaning in WAMP.
    [Theory]
    [InlineData("")]
    [InlineData("c1")]
    [InlineData("d40100")]
    [InlineData("d8010000000000000000000000000000000000")]
    [InlineData("c7010100")]
    [InlineData("c800010100")]
    [InlineData("c90000000101 00")]
    public void TryPeekKind_NeverUsedOrExtension_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TryPeekKind(out _));

    [Theory]
    [InlineData("")]
    [InlineData("c1")]
    [InlineData("91c1")]
    [InlineData("81a161c1")]
    [InlineData("d40100")]
    [InlineData("c7010100")]
    [InlineData("cc")]
    [InlineData("cd00")]
    [InlineData("ce000000")]
    [InlineData("cf00000000000000")]
    [InlineData("d0")]
    [InlineData("d3000000")]
    [InlineData("ca0000")]
    [InlineData("cb00000000")]
    [InlineData("a1")]
    [InlineData("bf00")]
    [InlineData("d905")]
    [InlineData("da0005")]
    [InlineData("db0000000500")]
    [InlineData("dbffffffff")]
    [InlineData("c4")]
    [InlineData("c40500")]
    [InlineData("c5ffff")]
    [InlineData("c6ffffffff")]
    [InlineData("91")]
    [InlineData("92 01")]
    [InlineData("dc0002 01")]
    [InlineData("ddffffffff")]
    [InlineData("81 a161")]
    [InlineData("de0001 a161")]
    [InlineData("dfffffffff")]
    public void TrySkipValue_MalformedInput_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TrySkipValue());

    [Theory]
    [InlineData(64, "00")]
    [InlineData(63, "90")]
    public void TrySkipValue_NestingUpToMaxDepth_Succeeds(int arrays, string innermost)
    {
        byte[] data = Hex.Parse(string.Concat(Enumerable.Repeat("91", arrays)) + innermost);
        var reader = new MsgPackSpanReader(data);

        Assert.True(reader.TrySkipValue());
        Assert.Equal(data.Length, reader.Position);
    }

    // 65 nested arrays is one level beyond MaxDepth (64), whether the innermost array is empty or holds a value.
    [Theory]
    [InlineData(64, "90")]
    [InlineData(65, "00")]
    [InlineData(65, "90")]
    [InlineData(200, "90")]
    public void TrySkipValue_NestingBeyondMaxDepth_ReturnsFalseAndConsumesNothing(int arrays, string innermost)
    {
        Assert.Equal(64, MsgPackSpanReader.MaxDepth);
        byte[] data = Hex.Parse(string.Concat(Enumerable.Repeat("91", arrays)) + innermost);

        AssertFailsWithoutConsuming(data, (ref MsgPackSpanReader r) => r.TrySkipValue());
    }

    // WampDataModel: every MessagePack integer lies in it; text must be valid UTF-8 (and, as a value, not start with U+0000).
    [Theory]
    [InlineData("cfffffffffffffffff")]
    [InlineData("d38000000000000000")]
    [InlineData("a0")]
    [InlineData("a3616263")]
    [InlineData("a4f0908591")]
    [InlineData("c40100")]
    [InlineData("81a10001")]
    [InlineData("82a16101a162c0")]
    [InlineData("92ca7fc00000cb7ff0000000000000")]
    public void TrySkipWampValue_ValueInModel_ConsumesExactlyTheValue(string hex)
    {
        byte[] data = [.. Hex.Parse(hex), 0x01];
        var reader = new MsgPackSpanReader(data);

        Assert.True(reader.TrySkipWampValue(out bool outsideModel));
        Assert.False(outsideModel);
        Assert.Equal(data.Length - 1, reader.Position);
    }

    // Non-string map keys (integer, bin, nil, array), invalid UTF-8 in str, and a str value starting with U+0000.
    [Theory]
    [InlineData("810101")]
    [InlineData("81c40001")]
    [InlineData("81c001")]
    [InlineData("819001")]
    [InlineData("a2c328")]
    [InlineData("d902c328")]
    [InlineData("a1ff")]
    [InlineData("a100")]
    [InlineData("91a2c328")]
    [InlineData("81a16191a100")]
    public void TrySkipWampValue_WellFormedOutsideModel_ReportsOutsideModelAndConsumesNothing(string hex)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new MsgPackSpanReader(data);
        Assert.True(new MsgPackSpanReader(data).TrySkipValue(), "the vector must be well formed");

        Assert.False(reader.TrySkipWampValue(out bool outsideModel));
        Assert.True(outsideModel, hex);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("92a100")]
    [InlineData("810191")]
    public void TrySkipWampValue_OutsideModelThenMalformed_ReportsMalformed(string hex)
    {
        var reader = new MsgPackSpanReader(Hex.Parse(hex));

        Assert.False(reader.TrySkipWampValue(out bool outsideModel));
        Assert.False(outsideModel);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("a161", 2)]
    [InlineData("d9026162", 4)]
    public void TrySkipPropertyName_StrKey_ConsumesIt(string hex, int length)
    {
        byte[] data = [.. Hex.Parse(hex), 0x01];
        var reader = new MsgPackSpanReader(data);

        Assert.True(reader.TrySkipPropertyName());
        Assert.Equal(length, reader.Position);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("c40161")]
    [InlineData("a261")]
    public void TrySkipPropertyName_NotAStrKey_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref MsgPackSpanReader r) => r.TrySkipPropertyName());

    [Fact]
    public void MoveNext_DefiniteArray_CountsDownToEnd()
    {
        var reader = new MsgPackSpanReader(Hex.Parse("920102"));
        Assert.True(reader.TryReadStartArray(out ContainerCursor cursor));

        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TrySkipValue());
        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TrySkipValue());
        Assert.Equal(NextItem.End, reader.MoveNext(ref cursor));
        Assert.Equal(3, reader.Position);
    }

    private static void AssertFailsWithoutConsuming(byte[] data, ReaderTry action)
    {
        var reader = new MsgPackSpanReader(data);

        Assert.False(action(ref reader), $"expected failure on {Hex.Format(data)}");
        Assert.Equal(0, reader.Position);
    }
}
