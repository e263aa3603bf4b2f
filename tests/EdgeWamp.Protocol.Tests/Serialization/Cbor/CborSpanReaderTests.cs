using System.Text;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serialization.Cbor;

/// <summary>
/// RFC 8949 Appendix A vectors and malformed input. Every failing <c>Try…</c> must leave <see cref="CborSpanReader.Position"/>
/// where it was, like dotnet/runtime's CborReaderTests assert for <c>BytesRemaining</c>.
/// </summary>
public sealed class CborSpanReaderTests
{
    private delegate bool ReaderTry(ref CborSpanReader reader);

    [Theory]
    [InlineData("00", 0UL)]
    [InlineData("01", 1UL)]
    [InlineData("0a", 10UL)]
    [InlineData("17", 23UL)]
    [InlineData("1818", 24UL)]
    [InlineData("1819", 25UL)]
    [InlineData("1864", 100UL)]
    [InlineData("18ff", 255UL)]
    [InlineData("190100", 256UL)]
    [InlineData("1903e8", 1000UL)]
    [InlineData("19ffff", 65535UL)]
    [InlineData("1a00010000", 65536UL)]
    [InlineData("1a000f4240", 1000000UL)]
    [InlineData("1affffffff", 4294967295UL)]
    [InlineData("1b0000000100000000", 4294967296UL)]
    [InlineData("1b000000e8d4a51000", 1000000000000UL)]
    [InlineData("1b0020000000000000", 9007199254740992UL)]
    [InlineData("1bffffffffffffffff", 18446744073709551615UL)]
    [InlineData("c11a514b67b0", 1363896240UL)]
    public void TryReadUInt64_AppendixAVector_ReadsValueAndConsumesIt(string hex, ulong expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new CborSpanReader(data);

        Assert.True(reader.TryReadUInt64(out ulong value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("00", 0L)]
    [InlineData("17", 23L)]
    [InlineData("1b7fffffffffffffff", long.MaxValue)]
    [InlineData("20", -1L)]
    [InlineData("29", -10L)]
    [InlineData("37", -24L)]
    [InlineData("3818", -25L)]
    [InlineData("3863", -100L)]
    [InlineData("3903e7", -1000L)]
    [InlineData("3a7fffffff", -2147483648L)]
    [InlineData("3b001fffffffffffff", -9007199254740992L)]
    [InlineData("3b7fffffffffffffff", long.MinValue)]
    public void TryReadInt64_AppendixAVector_ReadsValueAndConsumesIt(string hex, long expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new CborSpanReader(data);

        Assert.True(reader.TryReadInt64(out long value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("f90000", 0.0)]
    [InlineData("f98000", -0.0)]
    [InlineData("f93c00", 1.0)]
    [InlineData("fb3ff199999999999a", 1.1)]
    [InlineData("f93e00", 1.5)]
    [InlineData("f97bff", 65504.0)]
    [InlineData("fa47c35000", 100000.0)]
    [InlineData("fa7f7fffff", 3.4028234663852886e+38)]
    [InlineData("fb7e37e43c8800759c", 1.0e+300)]
    [InlineData("f90001", 5.960464477539063e-8)]
    [InlineData("f90400", 0.00006103515625)]
    [InlineData("f9c400", -4.0)]
    [InlineData("fbc010666666666666", -4.1)]
    [InlineData("f97c00", double.PositiveInfinity)]
    [InlineData("f97e00", double.NaN)]
    [InlineData("f9fc00", double.NegativeInfinity)]
    [InlineData("fa7f800000", double.PositiveInfinity)]
    [InlineData("fa7fc00000", double.NaN)]
    [InlineData("faff800000", double.NegativeInfinity)]
    [InlineData("fb7ff0000000000000", double.PositiveInfinity)]
    [InlineData("fb7ff8000000000000", double.NaN)]
    [InlineData("fbfff0000000000000", double.NegativeInfinity)]
    [InlineData("c1fb41d452d9ec200000", 1363896240.5)]
    [InlineData("1864", 100.0)]
    [InlineData("3863", -100.0)]
    public void TryReadDouble_AppendixAVector_ReadsValueAndConsumesIt(string hex, double expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new CborSpanReader(data);

        Assert.True(reader.TryReadDouble(out double value));
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(value));
        }
        else
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        }

        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("60", "")]
    [InlineData("6161", "a")]
    [InlineData("6449455446", "IETF")]
    [InlineData("62225c", "\"\\")]
    [InlineData("62c3bc", "\u00fc")]
    [InlineData("63e6b0b4", "\u6c34")]
    [InlineData("64f0908591", "\U00010151")]
    [InlineData("c074323031332d30332d32315432303a30343a30305a", "2013-03-21T20:04:00Z")]
    [InlineData("d82076687474703a2f2f7777772e6578616d706c652e636f6d", "http://www.example.com")]
    public void TryReadString_AppendixAVector_SlicesInputWithoutScratch(string hex, string expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new CborSpanReader(data);

        Assert.Equal(0, reader.GetScratchLength());
        Assert.True(reader.TryReadString(Span<byte>.Empty, out ReadOnlySpan<byte> utf8));
        Assert.Equal(expected, Encoding.UTF8.GetString(utf8));
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("40", "")]
    [InlineData("4401020304", "01020304")]
    [InlineData("d74401020304", "01020304")]
    [InlineData("d818456449455446", "6449455446")]
    public void TryReadBytes_AppendixAVector_SlicesInput(string hex, string expectedHex)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new CborSpanReader(data);

        Assert.True(reader.TryReadBytes(Span<byte>.Empty, out ReadOnlySpan<byte> bytes));
        Assert.Equal(expectedHex, Hex.Format(bytes));
        Assert.Equal(data.Length, reader.Position);
    }

    [Fact]
    public void TryReadBytes_IndefiniteLengthAppendixAVector_JoinsChunksIntoScratch()
    {
        byte[] data = Hex.Parse("5f42010243030405ff");
        var reader = new CborSpanReader(data);

        Assert.Equal(5, reader.GetScratchLength());
        Assert.True(reader.TryReadBytes(new byte[5], out ReadOnlySpan<byte> bytes));
        Assert.Equal("0102030405", Hex.Format(bytes));
        Assert.Equal(data.Length, reader.Position);
    }

    [Fact]
    public void TryReadString_IndefiniteLengthAppendixAVector_JoinsChunksIntoScratch()
    {
        byte[] data = Hex.Parse("7f657374726561646d696e67ff");
        var reader = new CborSpanReader(data);

        Assert.Equal(9, reader.GetScratchLength());
        Assert.True(reader.TryReadString(new byte[9], out ReadOnlySpan<byte> utf8));
        Assert.Equal("streaming", Encoding.UTF8.GetString(utf8));
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("7f657374726561646d696e67ff", 8)]
    [InlineData("5f42010243030405ff", 0)]
    public void TryReadString_IndefiniteLengthWithSmallScratch_ReturnsFalseAndConsumesNothing(string hex, int scratchLength)
    {
        byte[] data = Hex.Parse(hex);
        bool isText = data[0] == 0x7f;

        AssertFailsWithoutConsuming(data, (ref CborSpanReader r) => isText
            ? r.TryReadString(new byte[scratchLength], out _)
            : r.TryReadBytes(new byte[scratchLength], out _));
    }

    [Theory]
    [InlineData("f4", false)]
    [InlineData("f5", true)]
    public void TryReadBoolean_AppendixAVector_ReadsValue(string hex, bool expected)
    {
        var reader = new CborSpanReader(Hex.Parse(hex));

        Assert.True(reader.TryReadBoolean(out bool value));
        Assert.Equal(expected, value);
        Assert.Equal(1, reader.Position);
    }

    [Theory]
    [InlineData("f6")]
    [InlineData("f7")]
    public void TryReadNull_NullOrUndefined_ReadsNull(string hex)
    {
        var reader = new CborSpanReader(Hex.Parse(hex));

        Assert.True(reader.TryReadNull());
        Assert.Equal(1, reader.Position);
    }

    [Theory]
    [InlineData("00", WampValueKind.UnsignedInteger)]
    [InlineData("1bffffffffffffffff", WampValueKind.UnsignedInteger)]
    [InlineData("20", WampValueKind.NegativeInteger)]
    [InlineData("3bffffffffffffffff", WampValueKind.NegativeInteger)]
    [InlineData("f93c00", WampValueKind.Float)]
    [InlineData("fa47c35000", WampValueKind.Float)]
    [InlineData("fb3ff199999999999a", WampValueKind.Float)]
    [InlineData("f4", WampValueKind.Boolean)]
    [InlineData("f5", WampValueKind.Boolean)]
    [InlineData("f6", WampValueKind.Null)]
    [InlineData("f7", WampValueKind.Null)]
    [InlineData("6161", WampValueKind.String)]
    [InlineData("7f657374726561646d696e67ff", WampValueKind.String)]
    [InlineData("4401020304", WampValueKind.Bytes)]
    [InlineData("5f42010243030405ff", WampValueKind.Bytes)]
    [InlineData("80", WampValueKind.Array)]
    [InlineData("9fff", WampValueKind.Array)]
    [InlineData("a0", WampValueKind.Map)]
    [InlineData("bf6346756ef563416d7421ff", WampValueKind.Map)]
    [InlineData("c074323031332d30332d32315432303a30343a30305a", WampValueKind.String)]
    [InlineData("c11a514b67b0", WampValueKind.UnsignedInteger)]
    public void TryPeekKind_AppendixAVector_ReportsKindAndConsumesNothing(string hex, WampValueKind expected)
    {
        var reader = new CborSpanReader(Hex.Parse(hex));

        Assert.True(reader.TryPeekKind(out WampValueKind kind));
        Assert.Equal(expected, kind);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("80", "[]")]
    [InlineData("83010203", "[1,2,3]")]
    [InlineData("8301820203820405", "[1,[2,3],[4,5]]")]
    [InlineData("98190102030405060708090a0b0c0d0e0f101112131415161718181819", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]")]
    [InlineData("a0", "{}")]
    [InlineData("a26161016162820203", """{"a":1,"b":[2,3]}""")]
    [InlineData("826161a161626163", """["a",{"b":"c"}]""")]
    [InlineData("a56161614161626142616361436164614461656145", """{"a":"A","b":"B","c":"C","d":"D","e":"E"}""")]
    [InlineData("9fff", "[]")]
    [InlineData("9f018202039f0405ffff", "[1,[2,3],[4,5]]")]
    [InlineData("9f01820203820405ff", "[1,[2,3],[4,5]]")]
    [InlineData("83018202039f0405ff", "[1,[2,3],[4,5]]")]
    [InlineData("83019f0203ff820405", "[1,[2,3],[4,5]]")]
    [InlineData("9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]")]
    [InlineData("bf61610161629f0203ffff", """{"a":1,"b":[2,3]}""")]
    [InlineData("826161bf61626163ff", """["a",{"b":"c"}]""")]
    [InlineData("bf6346756ef563416d7421ff", """{"Fun":true,"Amt":-2}""")]
    [InlineData("82f5f6", "[true,null]")]
    public void MoveNext_AppendixAContainer_WalksEveryItem(string hex, string expectedJson)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new CborSpanReader(data);

        WampValue.AssertEqual(WampValue.Parse(expectedJson), ReaderWalker.Read(ref reader));
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("1bffffffffffffffff")]
    [InlineData("3bffffffffffffffff")]
    [InlineData("c249010000000000000000")]
    [InlineData("c349010000000000000000")]
    [InlineData("f90000")]
    [InlineData("fb7e37e43c8800759c")]
    [InlineData("f4")]
    [InlineData("f7")]
    [InlineData("f0")]
    [InlineData("f8ff")]
    [InlineData("c074323031332d30332d32315432303a30343a30305a")]
    [InlineData("d82076687474703a2f2f7777772e6578616d706c652e636f6d")]
    [InlineData("40")]
    [InlineData("64f0908591")]
    [InlineData("8301820203820405")]
    [InlineData("a201020304")]
    [InlineData("a56161614161626142616361436164614461656145")]
    [InlineData("5f42010243030405ff")]
    [InlineData("7f657374726561646d696e67ff")]
    [InlineData("5fff")]
    [InlineData("9f018202039f0405ffff")]
    [InlineData("83019f0203ff820405")]
    [InlineData("bf61610161629f0203ffff")]
    [InlineData("bf6346756ef563416d7421ff")]
    public void TrySkipValue_AppendixAVector_ConsumesExactlyTheValue(string hex)
    {
        byte[] data = [.. Hex.Parse(hex), 0x01];
        var reader = new CborSpanReader(data);

        Assert.True(reader.TrySkipValue());
        Assert.Equal(data.Length - 1, reader.Position);
    }

    [Fact]
    public void TryReadEncodedValue_NestedArray_ReturnsSliceOfWholeValue()
    {
        byte[] data = Hex.Parse("8301820203820405f6");
        var reader = new CborSpanReader(data);

        Assert.True(reader.TryReadEncodedValue(out ReadOnlySpan<byte> encoded));
        Assert.Equal("8301820203820405", Hex.Format(encoded));
        Assert.Equal(8, reader.Position);
    }

    [Fact]
    public void TryReadUInt64_FailureAfterEarlierReads_KeepsPositionOfFailedItem()
    {
        var reader = new CborSpanReader(Hex.Parse("820118"));
        Assert.True(reader.TryReadStartArray(out _));
        Assert.True(reader.TryReadUInt64(out _));

        Assert.False(reader.TryReadUInt64(out _));
        Assert.Equal(2, reader.Position);
    }

    // Truncated heads: the initial byte promises 1, 2, 4 or 8 bytes of argument that are not there.
    [Theory]
    [InlineData("")]
    [InlineData("18")]
    [InlineData("1900")]
    [InlineData("1a000000")]
    [InlineData("1b00000000000000")]
    [InlineData("1f")]
    [InlineData("1c")]
    [InlineData("1d")]
    [InlineData("1e")]
    [InlineData("20")]
    [InlineData("3bffffffffffffffff")]
    [InlineData("f93c00")]
    [InlineData("6161")]
    [InlineData("c0")]
    [InlineData("c11c")]
    public void TryReadUInt64_MalformedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TryReadUInt64(out _));

    [Theory]
    [InlineData("")]
    [InlineData("38")]
    [InlineData("3900")]
    [InlineData("3a000000")]
    [InlineData("3b00000000000000")]
    [InlineData("3c")]
    [InlineData("3f")]
    [InlineData("3b8000000000000000")]
    [InlineData("3bffffffffffffffff")]
    [InlineData("1b8000000000000000")]
    [InlineData("f6")]
    public void TryReadInt64_MalformedOrBeyondInt64_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TryReadInt64(out _));

    [Theory]
    [InlineData("")]
    [InlineData("f9")]
    [InlineData("f900")]
    [InlineData("fa000000")]
    [InlineData("fb00000000000000")]
    [InlineData("fc")]
    [InlineData("f4")]
    [InlineData("6161")]
    [InlineData("c1")]
    public void TryReadDouble_MalformedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TryReadDouble(out _));

    [Theory]
    [InlineData("")]
    [InlineData("62")]
    [InlineData("6261")]
    [InlineData("78")]
    [InlineData("7900")]
    [InlineData("7a00000001")]
    [InlineData("7bffffffffffffffff00")]
    [InlineData("7c")]
    [InlineData("7f6161")]
    [InlineData("7f4161ff")]
    [InlineData("7f7f6161ffff")]
    [InlineData("7f00ff")]
    [InlineData("4161")]
    [InlineData("f6")]
    public void TryReadString_MalformedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TryReadString(new byte[64], out _));

    [Theory]
    [InlineData("41")]
    [InlineData("5affffffff00")]
    [InlineData("5c")]
    [InlineData("5f4100")]
    [InlineData("5f6161ff")]
    [InlineData("5f5f4100ffff")]
    [InlineData("6161")]
    public void TryReadBytes_MalformedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TryReadBytes(new byte[64], out _));

    [Theory]
    [InlineData("")]
    [InlineData("81")]
    [InlineData("8201")]
    [InlineData("98")]
    [InlineData("9819")]
    [InlineData("9a00000002")]
    [InlineData("9bffffffffffffffff")]
    [InlineData("9c")]
    [InlineData("a0")]
    [InlineData("c0")]
    public void TryReadStartArray_MalformedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TryReadStartArray(out _));

    [Theory]
    [InlineData("a1")]
    [InlineData("a101")]
    [InlineData("b900")]
    [InlineData("bbffffffffffffffff")]
    [InlineData("bc")]
    [InlineData("80")]
    public void TryReadStartMap_MalformedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TryReadStartMap(out _));

    [Theory]
    [InlineData("")]
    [InlineData("ff")]
    [InlineData("1c")]
    [InlineData("3d")]
    [InlineData("5e")]
    [InlineData("7c")]
    [InlineData("9d")]
    [InlineData("be")]
    [InlineData("dc")]
    [InlineData("fc")]
    [InlineData("fd")]
    [InlineData("fe")]
    [InlineData("f0")]
    [InlineData("f8ff")]
    [InlineData("1f")]
    [InlineData("df")]
    [InlineData("c0")]
    public void TryPeekKind_ReservedOrUnsupportedHead_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TryPeekKind(out _));

    [Theory]
    [InlineData("")]
    [InlineData("18")]
    [InlineData("1900")]
    [InlineData("3a000000")]
    [InlineData("fb000000")]
    [InlineData("f9")]
    [InlineData("41")]
    [InlineData("62c3")]
    [InlineData("5affffffff00")]
    [InlineData("7bffffffffffffffff00")]
    [InlineData("81")]
    [InlineData("8201")]
    [InlineData("9bffffffffffffffff")]
    [InlineData("a101")]
    [InlineData("bbffffffffffffffff")]
    [InlineData("c0")]
    [InlineData("1c")]
    [InlineData("1d")]
    [InlineData("1e")]
    [InlineData("3c")]
    [InlineData("5c")]
    [InlineData("7d")]
    [InlineData("9e")]
    [InlineData("bc")]
    [InlineData("dc")]
    [InlineData("fc")]
    [InlineData("fd")]
    [InlineData("fe")]
    [InlineData("ff")]
    [InlineData("81ff")]
    [InlineData("a1ff01")]
    [InlineData("1f")]
    [InlineData("3f")]
    [InlineData("df")]
    [InlineData("f818")]
    [InlineData("f81f")]
    [InlineData("5f")]
    [InlineData("5f4100")]
    [InlineData("5f6161ff")]
    [InlineData("5f5f4100ffff")]
    [InlineData("7f4161ff")]
    [InlineData("9f")]
    [InlineData("9f01")]
    [InlineData("bf6161")]
    [InlineData("bf616101")]
    [InlineData("bf61610102ff")]
    [InlineData("83018202")]
    public void TrySkipValue_MalformedInput_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TrySkipValue());

    [Fact]
    public void TrySkipValue_ValueFollowedByStrayBreak_StopsAtBreakAndRefusesIt()
    {
        var reader = new CborSpanReader(Hex.Parse("8301820203820405ff"));

        Assert.True(reader.TrySkipValue());
        Assert.Equal(8, reader.Position);
        Assert.False(reader.TrySkipValue());
        Assert.Equal(8, reader.Position);
    }

    [Theory]
    [InlineData(64, "00")]
    [InlineData(63, "80")]
    public void TrySkipValue_NestingUpToMaxDepth_Succeeds(int arrays, string innermost)
    {
        byte[] data = Hex.Parse(string.Concat(Enumerable.Repeat("81", arrays)) + innermost);
        var reader = new CborSpanReader(data);

        Assert.True(reader.TrySkipValue());
        Assert.Equal(data.Length, reader.Position);
    }

    // 65 nested arrays is one level beyond MaxDepth (64), whether the innermost array is empty or holds a value.
    [Theory]
    [InlineData(64, "80")]
    [InlineData(65, "00")]
    [InlineData(65, "80")]
    [InlineData(200, "80")]
    public void TrySkipValue_NestingBeyondMaxDepth_ReturnsFalseAndConsumesNothing(int arrays, string innermost)
    {
        Assert.Equal(64, CborSpanReader.MaxDepth);
        byte[] data = Hex.Parse(string.Concat(Enumerable.Repeat("81", arrays)) + innermost);

        AssertFailsWithoutConsuming(data, (ref CborSpanReader r) => r.TrySkipValue());
    }

    [Fact]
    public void TrySkipValue_IndefiniteNestingBeyondMaxDepth_ReturnsFalseAndConsumesNothing()
    {
        byte[] data = Hex.Parse(string.Concat(Enumerable.Repeat("9f", 65)) + string.Concat(Enumerable.Repeat("ff", 65)));

        AssertFailsWithoutConsuming(data, (ref CborSpanReader r) => r.TrySkipValue());
    }

    // 64 tags around one item nest no container: tags are looked through without spending depth (or stack).
    [Fact]
    public void TrySkipValue_LongRunOfTags_Succeeds()
    {
        byte[] data = Hex.Parse(string.Concat(Enumerable.Repeat("c1", 1000)) + "00");
        var reader = new CborSpanReader(data);

        Assert.True(reader.TrySkipValue());
        Assert.Equal(data.Length, reader.Position);
    }

    // WampDataModel: what every serializer can carry, including the edges of the integer range and of the simple values.
    [Theory]
    [InlineData("1bffffffffffffffff")]
    [InlineData("3b7fffffffffffffff")]
    [InlineData("f4")]
    [InlineData("f5")]
    [InlineData("f6")]
    [InlineData("f7")]
    [InlineData("f97e00")]
    [InlineData("fb7ff0000000000000")]
    [InlineData("60")]
    [InlineData("64f0908591")]
    [InlineData("6161")]
    [InlineData("4100")]
    [InlineData("a1610001")]
    [InlineData("bf616101ff")]
    [InlineData("7f6061616162ff")]
    [InlineData("c074323031332d30332d32315432303a30343a30305a")]
    [InlineData("d9d9f7a1c16161f5")]
    [InlineData("9f018202039f0405ffff")]
    public void TrySkipWampValue_ValueInModel_ConsumesExactlyTheValue(string hex)
    {
        byte[] data = [.. Hex.Parse(hex), 0x01];
        var reader = new CborSpanReader(data);

        Assert.True(reader.TrySkipWampValue(out bool outsideModel));
        Assert.False(outsideModel);
        Assert.Equal(data.Length - 1, reader.Position);
    }

    // -2^63 - 1 and -2^64 (below MessagePack's range), simple values other than false/true/null/undefined, non-text map keys,
    // invalid UTF-8 (also a character split across chunks, RFC 8949 §3.2.3), and text values starting with U+0000 (binary
    // to a JSON peer); each also nested, and behind a tag.
    [Theory]
    [InlineData("3b8000000000000000")]
    [InlineData("3bffffffffffffffff")]
    [InlineData("f0")]
    [InlineData("f8ff")]
    [InlineData("a10102")]
    [InlineData("a14001")]
    [InlineData("a1f602")]
    [InlineData("62c328")]
    [InlineData("61ff")]
    [InlineData("6100")]
    [InlineData("7f6100ff")]
    [InlineData("7f61c361a9ff")]
    [InlineData("7f606100ff")]
    [InlineData("8162c328")]
    [InlineData("a16161f0")]
    [InlineData("bf0102ff")]
    [InlineData("c1f0")]
    [InlineData("83018102813bffffffffffffffff")]
    public void TrySkipWampValue_WellFormedOutsideModel_ReportsOutsideModelAndConsumesNothing(string hex)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new CborSpanReader(data);
        Assert.True(new CborSpanReader(data).TrySkipValue(), "the vector must be well formed");

        Assert.False(reader.TrySkipWampValue(out bool outsideModel));
        Assert.True(outsideModel, hex);
        Assert.Equal(0, reader.Position);
    }

    // A value outside the model that is also not well formed further on is reported as not well formed.
    [Theory]
    [InlineData("82f0")]
    [InlineData("82f01c")]
    [InlineData("a2010262")]
    public void TrySkipWampValue_OutsideModelThenMalformed_ReportsMalformed(string hex)
    {
        var reader = new CborSpanReader(Hex.Parse(hex));

        Assert.False(reader.TrySkipWampValue(out bool outsideModel));
        Assert.False(outsideModel);
        Assert.Equal(0, reader.Position);
    }

    // The model's depth bound is the reader's: 64 nested arrays pass, 65 are not well formed.
    [Theory]
    [InlineData(64, "00", true)]
    [InlineData(64, "80", false)]
    public void TrySkipWampValue_NestingAroundMaxDepth_MatchesTrySkipValue(int arrays, string innermost, bool accepted)
    {
        var reader = new CborSpanReader(Hex.Parse(string.Concat(Enumerable.Repeat("81", arrays)) + innermost));

        Assert.Equal(accepted, reader.TrySkipWampValue(out bool outsideModel));
        Assert.False(outsideModel);
    }

    [Theory]
    [InlineData("6161", 2)]
    [InlineData("7f616161626163ff", 8)]
    [InlineData("c16161", 3)]
    public void TrySkipPropertyName_TextKey_ConsumesIt(string hex, int length)
    {
        byte[] data = [.. Hex.Parse(hex), 0x01];
        var reader = new CborSpanReader(data);

        Assert.True(reader.TrySkipPropertyName());
        Assert.Equal(length, reader.Position);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("4161")]
    [InlineData("6261")]
    [InlineData("")]
    public void TrySkipPropertyName_NotATextKey_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref CborSpanReader r) => r.TrySkipPropertyName());

    [Fact]
    public void MoveNext_IndefiniteArrayWithoutBreak_ReportsMalformed()
    {
        var reader = new CborSpanReader(Hex.Parse("9f01"));
        Assert.True(reader.TryReadStartArray(out var cursor));
        Assert.Equal(-1, cursor.DeclaredCount);
        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TryReadUInt64(out _));

        Assert.Equal(NextItem.Malformed, reader.MoveNext(ref cursor));
        Assert.Equal(2, reader.Position);
    }

    [Fact]
    public void MoveNext_DefiniteArray_CountsDownToEnd()
    {
        var reader = new CborSpanReader(Hex.Parse("820102"));
        Assert.True(reader.TryReadStartArray(out var cursor));
        Assert.Equal(2, cursor.DeclaredCount);

        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TryReadUInt64(out ulong first));
        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TryReadUInt64(out ulong second));
        Assert.Equal(NextItem.End, reader.MoveNext(ref cursor));
        Assert.Equal((1UL, 2UL), (first, second));
    }

    private static void AssertFailsWithoutConsuming(byte[] data, ReaderTry action)
    {
        var reader = new CborSpanReader(data);

        Assert.False(action(ref reader), $"expected failure on {Hex.Format(data)}");
        Assert.Equal(0, reader.Position);
    }
}
