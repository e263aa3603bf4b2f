using System.Text;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.UbJson;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serialization.UbJson;

/// <summary>
/// Every UBJSON marker (ubjson.org, Draft 12: "Value Types", "Container Types"), every container form (uncounted, counted,
/// strongly typed), no-ops, and malformed input. Every failing <c>Try…</c> must leave <see cref="UbJsonSpanReader.Position"/>
/// where it was. Hex is written one value per group: 55 = 'U', 69 = 'i', 49 = 'I', 6c = 'l', 4c = 'L', 64 = 'd', 44 = 'D',
/// 48 = 'H', 43 = 'C', 53 = 'S', 5a = 'Z', 54 = 'T', 46 = 'F', 4e = 'N', 5b/5d = '[' ']', 7b/7d = '{' '}', 24 = '$', 23 = '#'.
/// </summary>
public sealed class UbJsonSpanReaderTests
{
    private delegate bool ReaderTry(ref UbJsonSpanReader reader);

    // Integers are big-endian (Draft 12, "Byte Order / Endianness").
    [Theory]
    [InlineData("55 00", 0UL)]
    [InlineData("55 ff", 255UL)]
    [InlineData("69 7f", 127UL)]
    [InlineData("69 00", 0UL)]
    [InlineData("49 0100", 256UL)]
    [InlineData("49 7fff", 32767UL)]
    [InlineData("6c 00008000", 32768UL)]
    [InlineData("6c 7fffffff", 2147483647UL)]
    [InlineData("4c 0000000080000000", 2147483648UL)]
    [InlineData("4c 0020000000000000", 9007199254740992UL)]
    [InlineData("4c 7fffffffffffffff", 9223372036854775807UL)]
    [InlineData("48 5513 39323233333732303336383534373735383038", 9223372036854775808UL)]
    [InlineData("48 5514 3138343436373434303733373039353531363135", 18446744073709551615UL)]
    [InlineData("48 5502 2d30", 0UL)]
    [InlineData("4e 4e 55 2a", 42UL)]
    public void TryReadUInt64_EveryIntegerMarker_ReadsValueAndConsumesIt(string hex, ulong expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);

        Assert.True(reader.TryPeekKind(out WampValueKind kind));
        Assert.Equal(WampValueKind.UnsignedInteger, kind);
        Assert.True(reader.TryReadUInt64(out ulong value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("69 ff", -1L)]
    [InlineData("69 80", -128L)]
    [InlineData("49 ff7f", -129L)]
    [InlineData("49 8000", -32768L)]
    [InlineData("6c ffff7fff", -32769L)]
    [InlineData("6c 80000000", -2147483648L)]
    [InlineData("4c ffffffff7fffffff", -2147483649L)]
    [InlineData("4c 8000000000000000", long.MinValue)]
    [InlineData("48 5514 2d39323233333732303336383534373735383038", long.MinValue)]
    [InlineData("48 5503 2d3137", -17L)]
    public void TryReadInt64_NegativeIntegers_ReadsValueAndReportsNegative(string hex, long expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);

        Assert.True(reader.TryPeekKind(out WampValueKind kind));
        Assert.Equal(WampValueKind.NegativeInteger, kind);
        Assert.True(reader.TryReadInt64(out long value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("64 3fc00000", 1.5)]
    [InlineData("64 7f800000", double.PositiveInfinity)]
    [InlineData("44 3ff8000000000000", 1.5)]
    [InlineData("44 3ff199999999999a", 1.1)]
    [InlineData("44 8000000000000000", -0.0)]
    [InlineData("44 7e37e43c8800759c", 1.0e+300)]
    [InlineData("48 5503 312e35", 1.5)]
    [InlineData("48 5504 31652b32", 100.0)]
    [InlineData("55 2a", 42.0)]
    [InlineData("69 df", -33.0)]
    [InlineData("4c 0000000100000000", 4294967296.0)]
    public void TryReadDouble_FloatHighPrecisionAndIntegerMarkers_ReadsValue(string hex, double expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);

        Assert.True(reader.TryReadDouble(out double value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    // Draft 12, "High-Precision Numbers": a JSON number as text. Integers in [-2^63, 2^64 - 1] are integers, a fraction or
    // exponent with a finite value is a float, anything else is outside the data model (no kind).
    [Theory]
    [InlineData("48 5501 30", WampValueKind.UnsignedInteger)]
    [InlineData("48 5502 2d31", WampValueKind.NegativeInteger)]
    [InlineData("48 5503 302e35", WampValueKind.Float)]
    [InlineData("48 5503 316531", WampValueKind.Float)]
    [InlineData("48 5505 2d312e3045", WampValueKind.None)]
    [InlineData("48 5514 3138343436373434303733373039353531363136", WampValueKind.None)]
    [InlineData("48 5505 3165343030", WampValueKind.None)]
    [InlineData("48 5502 3031", WampValueKind.None)]
    [InlineData("48 5500", WampValueKind.None)]
    [InlineData("48 5503 4e614e", WampValueKind.None)]
    [InlineData("48 5502 2b31", WampValueKind.None)]
    public void TryPeekKind_HighPrecisionNumber_ClassifiesByValue(string hex, WampValueKind expected)
    {
        var reader = new UbJsonSpanReader(Hex.Parse(hex));

        Assert.Equal(expected != WampValueKind.None, reader.TryPeekKind(out WampValueKind kind));
        Assert.Equal(expected, kind);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("5a", WampValueKind.Null)]
    [InlineData("54", WampValueKind.Boolean)]
    [InlineData("46", WampValueKind.Boolean)]
    [InlineData("55 01", WampValueKind.UnsignedInteger)]
    [InlineData("69 01", WampValueKind.UnsignedInteger)]
    [InlineData("69 ff", WampValueKind.NegativeInteger)]
    [InlineData("49 ffff", WampValueKind.NegativeInteger)]
    [InlineData("6c 00000001", WampValueKind.UnsignedInteger)]
    [InlineData("4c ffffffffffffffff", WampValueKind.NegativeInteger)]
    [InlineData("64 00000000", WampValueKind.Float)]
    [InlineData("44 0000000000000000", WampValueKind.Float)]
    [InlineData("43 61", WampValueKind.String)]
    [InlineData("53 5500", WampValueKind.String)]
    [InlineData("5b 5d", WampValueKind.Array)]
    [InlineData("5b 23 5500", WampValueKind.Array)]
    [InlineData("5b 24 69 23 5500", WampValueKind.Array)]
    [InlineData("5b 24 55 23 5500", WampValueKind.Bytes)]
    [InlineData("7b 7d", WampValueKind.Map)]
    [InlineData("7b 24 55 23 5500", WampValueKind.Map)]
    [InlineData("4e 4e 5a", WampValueKind.Null)]
    public void TryPeekKind_EveryMarker_ReportsKindAndConsumesNothing(string hex, WampValueKind expected)
    {
        var reader = new UbJsonSpanReader(Hex.Parse(hex));

        Assert.True(reader.TryPeekKind(out WampValueKind kind));
        Assert.Equal(expected, kind);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("54", true)]
    [InlineData("46", false)]
    [InlineData("4e 54", true)]
    public void TryReadBoolean_TrueAndFalse_ReadsValue(string hex, bool expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);

        Assert.True(reader.TryReadBoolean(out bool value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Fact]
    public void TryReadNull_Null_ConsumesOneByte()
    {
        var reader = new UbJsonSpanReader(Hex.Parse("5a 5a"));

        Assert.True(reader.TryReadNull());
        Assert.Equal(1, reader.Position);
    }

    // A string's length takes any integer marker; the result is a slice of the input, never scratch.
    [Theory]
    [InlineData("53 5505 68656c6c6f", "hello")]
    [InlineData("53 6905 68656c6c6f", "hello")]
    [InlineData("53 490005 68656c6c6f", "hello")]
    [InlineData("53 6c00000005 68656c6c6f", "hello")]
    [InlineData("53 4c0000000000000005 68656c6c6f", "hello")]
    [InlineData("53 5500", "")]
    [InlineData("53 550c d0bfd180d0b8d0b2d0b5d182", "привет")]
    [InlineData("43 61", "a")]
    [InlineData("4e 43 3b", ";")]
    public void TryReadString_StringAndChar_SlicesInput(string hex, string expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);

        Assert.Equal(0, reader.GetScratchLength());
        Assert.True(reader.TryReadString(Span<byte>.Empty, out ReadOnlySpan<byte> utf8));
        Assert.Equal(expected, Encoding.UTF8.GetString(utf8));
        Assert.Equal(data.Length, reader.Position);
    }

    [Fact]
    public void TryReadString_LongString_LengthInInt16()
    {
        byte[] text = [.. Enumerable.Repeat((byte)'x', 300)];
        byte[] data = [.. Hex.Parse("53 49012c"), .. text];
        var reader = new UbJsonSpanReader(data);

        Assert.True(reader.TryReadString(Span<byte>.Empty, out ReadOnlySpan<byte> utf8));
        Assert.Equal(300, utf8.Length);
        Assert.Equal(data.Length, reader.Position);
    }

    // Binary is a strongly typed uint8 array ("Binary Data"; what py-ubjson writes for bytes).
    [Theory]
    [InlineData("5b 24 55 23 5503 0102ff", "0102ff")]
    [InlineData("5b 24 55 23 5500", "")]
    [InlineData("5b 24 55 23 490003 000102", "000102")]
    [InlineData("4e 5b 24 55 23 6902 abcd", "abcd")]
    public void TryReadBytes_TypedUInt8Array_SlicesInput(string hex, string expected)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);

        Assert.True(reader.TryReadBytes(Span<byte>.Empty, out ReadOnlySpan<byte> bytes));
        Assert.Equal(expected, Hex.Format(bytes));
        Assert.Equal(data.Length, reader.Position);
    }

    // Uncounted, counted, strongly typed, and no-ops before items and before the end: all read as the same values.
    [Theory]
    [InlineData("5b 5501 53 5502 6869 5a 5d", """[1,"hi",null]""")]
    [InlineData("5b 23 5503 5501 53 5502 6869 5a", """[1,"hi",null]""")]
    [InlineData("5b 4e 5501 4e 4e 53 5502 6869 5a 4e 5d", """[1,"hi",null]""")]
    [InlineData("5b 23 5502 4e 5501 4e 5a", "[1,null]")]
    [InlineData("5b 24 69 23 5503 01 02 ff", "[1,2,-1]")]
    [InlineData("5b 24 49 23 5502 0100 ff00", "[256,-256]")]
    [InlineData("5b 24 6c 23 5501 00010000", "[65536]")]
    [InlineData("5b 24 4c 23 5501 0000000100000000", "[4294967296]")]
    [InlineData("5b 24 64 23 5502 3fc00000 bf800000", "[1.5,-1.0]")]
    [InlineData("5b 24 44 23 5501 3ff8000000000000", "[1.5]")]
    [InlineData("5b 24 43 23 5502 61 62", """["a","b"]""")]
    [InlineData("5b 24 53 23 5502 5502 6869 5500", """["hi",""]""")]
    [InlineData("5b 24 48 23 5501 5502 3130", "[10]")]
    [InlineData("5b 24 5a 23 5503", "[null,null,null]")]
    [InlineData("5b 24 54 23 5502", "[true,true]")]
    [InlineData("5b 24 46 23 5501", "[false]")]
    [InlineData("5b 24 5b 23 5503 5d 23 5501 5501 24 55 23 5501 ff", """[[],[1],"\u0000/w=="]""")]
    [InlineData("5b 24 7b 23 5502 7d 23 5501 5501 6b 54", """[{},{"k":true}]""")]
    [InlineData("7b 5501 61 5501 5501 62 5b 5d 7d", """{"a":1,"b":[]}""")]
    [InlineData("7b 4e 5501 61 5501 4e 4e 7d", """{"a":1}""")]
    [InlineData("7b 23 5502 5501 61 5501 5500 54", """{"a":1,"":true}""")]
    [InlineData("7b 24 55 23 5502 5501 61 01 5501 62 ff", """{"a":1,"b":255}""")]
    [InlineData("7b 24 5a 23 5502 5501 61 4e 5501 62", """{"a":null,"b":null}""")]
    [InlineData("7b 24 53 23 5501 5501 6b 5502 7676", """{"k":"vv"}""")]
    [InlineData("7b 24 5b 23 5501 5501 6c 23 5501 5a", """{"l":[null]}""")]
    [InlineData("5b 7b 5501 78 5b 24 55 23 5501 00 7d 5d", """[{"x":"\u0000AA=="}]""")]
    public void MoveNext_EveryContainerForm_WalksEveryItem(string hex, string expectedJson)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);

        WampValue.AssertEqual(WampValue.Parse(expectedJson), ReaderWalker.Read(ref reader));
        Assert.Equal(data.Length, reader.Position);
        WampValue.AssertEqual(WampValue.Parse(expectedJson), UbJsonOracle.Read(data), "oracle");
    }

    [Theory]
    [InlineData("5b 23 5503", 3)]
    [InlineData("5b 24 69 23 5502", 2)]
    [InlineData("5b", -1)]
    [InlineData("7b 23 5501", 1)]
    [InlineData("7b 24 54 23 5500", 0)]
    [InlineData("7b", -1)]
    public void TryReadStartContainer_Header_DeclaresCountOrNone(string hex, int count)
    {
        byte[] data = [.. Hex.Parse(hex), .. new byte[8]];
        var reader = new UbJsonSpanReader(data);

        bool isMap = data[0] == (byte)'{';
        Assert.True(isMap ? reader.TryReadStartMap(out ContainerCursor cursor) : reader.TryReadStartArray(out cursor));
        Assert.Equal(count, cursor.DeclaredCount);
        Assert.Equal(Hex.Parse(hex).Length, reader.Position);
    }

    [Fact]
    public void MoveNext_CountedArray_CountsDownToEndWithoutConsumingMore()
    {
        var reader = new UbJsonSpanReader(Hex.Parse("5b 23 5502 5501 5502 5d"));
        Assert.True(reader.TryReadStartArray(out ContainerCursor cursor));

        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TrySkipValue());
        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TrySkipValue());
        Assert.Equal(NextItem.End, reader.MoveNext(ref cursor));
        Assert.Equal(8, reader.Position);
    }

    [Theory]
    [InlineData("5b 5501")]
    [InlineData("5b 4e 4e")]
    [InlineData("7b 5501 61 5a")]
    public void MoveNext_UncountedContainerCutShort_ReportsMalformed(string hex)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);
        bool isMap = data[0] == (byte)'{';
        Assert.True(isMap ? reader.TryReadStartMap(out ContainerCursor cursor) : reader.TryReadStartArray(out cursor));

        while (reader.MoveNext(ref cursor) is NextItem.Item)
        {
            Assert.True(!isMap || reader.TryReadPropertyName(Span<byte>.Empty, out _));
            Assert.True(reader.TrySkipValue());
        }

        Assert.Equal(NextItem.Malformed, reader.MoveNext(ref cursor));
    }

    // Inside a strongly typed container the value has no marker: every read uses the container's, then forgets it.
    [Fact]
    public void TypedArray_ValuesReadWithContainerMarker()
    {
        var reader = new UbJsonSpanReader(Hex.Parse("5b 24 53 23 5502 5502 6869 5501 21"));
        Assert.True(reader.TryReadStartArray(out ContainerCursor cursor));

        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TryPeekKind(out WampValueKind kind));
        Assert.Equal(WampValueKind.String, kind);
        Assert.False(reader.TryReadUInt64(out _));
        Assert.True(reader.TryReadString(Span<byte>.Empty, out ReadOnlySpan<byte> first));
        Assert.Equal("hi", Encoding.UTF8.GetString(first));
        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TryReadString(Span<byte>.Empty, out ReadOnlySpan<byte> second));
        Assert.Equal("!", Encoding.UTF8.GetString(second));
        Assert.Equal(NextItem.End, reader.MoveNext(ref cursor));
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("5a")]
    [InlineData("4e 54")]
    [InlineData("46")]
    [InlineData("69 80")]
    [InlineData("55 ff")]
    [InlineData("49 8000")]
    [InlineData("6c 80000000")]
    [InlineData("4c 8000000000000000")]
    [InlineData("64 3fc00000")]
    [InlineData("44 3ff8000000000000")]
    [InlineData("48 5503 312e35")]
    [InlineData("48 5503 4e614e")]
    [InlineData("43 ff")]
    [InlineData("53 5502 c328")]
    [InlineData("5b 5d")]
    [InlineData("5b 4e 5d")]
    [InlineData("5b 23 5500")]
    [InlineData("5b 24 55 23 5502 0102")]
    [InlineData("5b 24 5a 23 6c 3fffffff")]
    [InlineData("5b 24 7b 23 5501 7d")]
    [InlineData("7b 24 46 23 5501 5501 61")]
    [InlineData("7b 5502 00c3 5a 7d")]
    [InlineData("5b 5b 5b 5d 5d 5d")]
    public void TrySkipValue_WellFormedValue_ConsumesExactlyTheValue(string hex)
    {
        byte[] data = [.. Hex.Parse(hex), 0x55, 0x01];
        var reader = new UbJsonSpanReader(data);

        Assert.True(reader.TrySkipValue());
        Assert.Equal(data.Length - 2, reader.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4e")]
    [InlineData("55")]
    [InlineData("69 80 5d")]
    [InlineData("5d")]
    [InlineData("7d")]
    [InlineData("69")]
    [InlineData("49 00")]
    [InlineData("6c 000000")]
    [InlineData("4c 00000000000000")]
    [InlineData("53 5501")]
    [InlineData("5a")]
    [InlineData("43 61")]
    [InlineData("5b 5d")]
    public void TryReadUInt64_NegativeTruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadUInt64(out _));

    [Theory]
    [InlineData("48 5514 3138343436373434303733373039353531363135")]
    [InlineData("48 5514 2d39323233333732303336383534373735383039")]
    [InlineData("48 5503 312e35")]
    [InlineData("48 5502 3031")]
    [InlineData("48 55")]
    [InlineData("48 5505 3132")]
    [InlineData("64 3fc00000")]
    [InlineData("53 5501 31")]
    [InlineData("46")]
    public void TryReadInt64_BeyondInt64TruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadInt64(out _));

    [Theory]
    [InlineData("64 3fc000")]
    [InlineData("44 3ff80000000000")]
    [InlineData("48 5503 4e614e")]
    [InlineData("48 5503 312e")]
    [InlineData("48 5506 312e3565")]
    [InlineData("53 5503 312e35")]
    [InlineData("5a")]
    [InlineData("54")]
    public void TryReadDouble_TruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadDouble(out _));

    [Theory]
    [InlineData("5a")]
    [InlineData("55 01")]
    [InlineData("53")]
    public void TryReadBoolean_OtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadBoolean(out _));

    [Theory]
    [InlineData("54")]
    [InlineData("4e")]
    [InlineData("5b 5d")]
    public void TryReadNull_OtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadNull());

    [Theory]
    [InlineData("53")]
    [InlineData("53 55")]
    [InlineData("53 5505 6869")]
    [InlineData("53 69ff 61")]
    [InlineData("53 44 3ff0000000000000 61")]
    [InlineData("53 5a")]
    [InlineData("43")]
    [InlineData("48 5501 31")]
    [InlineData("5b 24 55 23 5501 61")]
    [InlineData("55 01")]
    public void TryReadString_TruncatedNegativeOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadString(new byte[16], out _));

    [Theory]
    [InlineData("5b 24 55 23 5505 0102")]
    [InlineData("5b 24 55 5501")]
    [InlineData("5b 24 69 23 5501 01")]
    [InlineData("5b 23 5501 5501")]
    [InlineData("5b 5d")]
    [InlineData("53 5501 61")]
    [InlineData("7b 24 55 23 5500")]
    public void TryReadBytes_TruncatedOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadBytes(new byte[16], out _));

    // A typed container needs a count; the count must be an integer, not negative, and fit the bytes left; the type may not
    // be no-op or a marker that cannot start a value; uint8 arrays are binary, not lists.
    [Theory]
    [InlineData("5b 24")]
    [InlineData("5b 24 69")]
    [InlineData("5b 24 69 5d")]
    [InlineData("5b 24 4e 23 5500")]
    [InlineData("5b 24 5d 23 5500")]
    [InlineData("5b 24 23 23 5500")]
    [InlineData("5b 23")]
    [InlineData("5b 23 53 5501 31")]
    [InlineData("5b 23 69 ff")]
    [InlineData("5b 23 5505 5501")]
    [InlineData("5b 24 6c 23 5502 00000001")]
    [InlineData("5b 23 6c 7fffffff")]
    [InlineData("5b 24 55 23 5500")]
    [InlineData("7b 7d")]
    [InlineData("5a")]
    public void TryReadStartArray_MalformedHeaderOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadStartArray(out _));

    [Theory]
    [InlineData("7b 24 69")]
    [InlineData("7b 23 5502 5501 61")]
    [InlineData("7b 24 4e 23 5501")]
    [InlineData("5b 5d")]
    [InlineData("53 5500")]
    public void TryReadStartMap_MalformedHeaderOrOtherType_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadStartMap(out _));

    [Theory]
    [InlineData("")]
    [InlineData("4e 4e")]
    [InlineData("5d")]
    [InlineData("7d")]
    [InlineData("24")]
    [InlineData("23")]
    [InlineData("00")]
    [InlineData("61")]
    [InlineData("6d 01000000")]
    [InlineData("75 0100")]
    [InlineData("68 003c")]
    [InlineData("5b 24 4e 23 5501")]
    [InlineData("69")]
    public void TryPeekKind_NoValueOrUnknownMarker_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryPeekKind(out _));

    // BJData markers (uint16 'u', uint32 'm', uint64 'M', float16 'h') are not UBJSON; nor are truncated or unterminated values.
    [Theory]
    [InlineData("")]
    [InlineData("4e")]
    [InlineData("6d 01000000")]
    [InlineData("75 0100")]
    [InlineData("4d 0100000000000000")]
    [InlineData("68 003c")]
    [InlineData("69")]
    [InlineData("55")]
    [InlineData("49 00")]
    [InlineData("6c 000000")]
    [InlineData("4c 00000000000000")]
    [InlineData("64 000000")]
    [InlineData("44 00000000000000")]
    [InlineData("43")]
    [InlineData("53 5502 61")]
    [InlineData("53 69 ff")]
    [InlineData("48 5502 31")]
    [InlineData("5b")]
    [InlineData("5b 5501")]
    [InlineData("5b 4e")]
    [InlineData("5b 7d")]
    [InlineData("5b 23 5502 5501")]
    [InlineData("5b 23 5501 5d")]
    [InlineData("5b 24 69 23 5502 01")]
    [InlineData("5b 24 53 23 5501 5505 6869")]
    [InlineData("5b 24 5b 23 5501 5501")]
    [InlineData("7b")]
    [InlineData("7b 5501 61")]
    [InlineData("7b 5501 61 5d")]
    [InlineData("7b 5a 5a 7d")]
    [InlineData("7b 53 5501 61 5a 7d")]
    [InlineData("7b 23 5501 5501 61")]
    [InlineData("7b 24 5a 23 5502 5501 61")]
    [InlineData("7b 5d")]
    public void TrySkipValue_MalformedInput_ReturnsFalseAndConsumesNothing(string hex) =>
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TrySkipValue());

    [Theory]
    [InlineData(64, "5501")]
    [InlineData(63, "5b5d")]
    public void TrySkipValue_NestingUpToMaxDepth_Succeeds(int arrays, string innermost)
    {
        byte[] data = Hex.Parse(string.Concat(Enumerable.Repeat("5b", arrays)) + innermost + string.Concat(Enumerable.Repeat("5d", arrays)));
        var reader = new UbJsonSpanReader(data);

        Assert.True(reader.TrySkipValue());
        Assert.Equal(data.Length, reader.Position);
    }

    // 65 nested containers is one level beyond MaxDepth (64), however they are written.
    [Theory]
    [InlineData("5b", "5d", 64, "5b5d")]
    [InlineData("5b", "5d", 65, "5501")]
    [InlineData("5b235501", "", 64, "5b235500")]
    [InlineData("7b550161", "7d", 64, "7b7d")]
    [InlineData("5b", "5d", 300, "5b5d")]
    public void TrySkipValue_NestingBeyondMaxDepth_ReturnsFalseAndConsumesNothing(string open, string close, int containers, string innermost)
    {
        Assert.Equal(64, UbJsonSpanReader.MaxDepth);
        byte[] data = Hex.Parse(string.Concat(Enumerable.Repeat(open, containers)) + innermost + string.Concat(Enumerable.Repeat(close, containers)));

        AssertFailsWithoutConsuming(data, (ref UbJsonSpanReader r) => r.TrySkipValue());
    }

    // Strongly typed containers of containers nest too: "[" then one "$[#U1" header per level, the innermost "#U0".
    [Theory]
    [InlineData(63, true)]
    [InlineData(64, false)]
    public void TrySkipValue_TypedContainerNesting_BoundedByMaxDepth(int typedLevels, bool accepted)
    {
        byte[] data = Hex.Parse("5b" + string.Concat(Enumerable.Repeat("245b235501", typedLevels)) + "235500");
        var reader = new UbJsonSpanReader(data);

        Assert.Equal(accepted, reader.TrySkipValue());
        Assert.Equal(accepted ? data.Length : 0, reader.Position);
    }

    // WampDataModel: every UBJSON integer type lies in it, and so do binary, typed containers and no-ops.
    [Theory]
    [InlineData("4c 7fffffffffffffff")]
    [InlineData("4c 8000000000000000")]
    [InlineData("48 5514 3138343436373434303733373039353531363135")]
    [InlineData("48 5503 312e35")]
    [InlineData("43 61")]
    [InlineData("53 5500")]
    [InlineData("53 5504 f0908591")]
    [InlineData("5b 24 55 23 5501 00")]
    [InlineData("7b 5501 00 5501 7d")]
    [InlineData("7b 23 5502 5501 61 5501 5501 62 5a")]
    [InlineData("5b 24 54 23 5504")]
    [InlineData("5b 24 43 23 5502 61 62")]
    [InlineData("5b 4e 64 7fc00000 44 7ff0000000000000 4e 5d")]
    public void TrySkipWampValue_ValueInModel_ConsumesExactlyTheValue(string hex)
    {
        byte[] data = [.. Hex.Parse(hex), 0x55, 0x01];
        var reader = new UbJsonSpanReader(data);

        Assert.True(reader.TrySkipWampValue(out bool outsideModel));
        Assert.False(outsideModel);
        Assert.Equal(data.Length - 2, reader.Position);
    }

    // High-precision numbers beyond the model or not JSON numbers, invalid UTF-8 in strings and keys, chars beyond ASCII,
    // string values starting with U+0000, and zero-byte typed values beyond the input's length.
    [Theory]
    [InlineData("48 5514 3138343436373434303733373039353531363136")]
    [InlineData("48 5514 2d39323233333732303336383534373735383039")]
    [InlineData("48 5505 3165343030")]
    [InlineData("48 5502 3031")]
    [InlineData("48 5500")]
    [InlineData("53 5502 c328")]
    [InlineData("53 5501 00")]
    [InlineData("43 ff")]
    [InlineData("43 00")]
    [InlineData("5b 24 43 23 5501 80")]
    [InlineData("5b 24 53 23 5501 5501 ff")]
    [InlineData("7b 5501 ff 5a 7d")]
    [InlineData("7b 24 54 23 5501 5501 ff")]
    [InlineData("5b 53 5502 c328 5d")]
    [InlineData("5b 24 5a 23 5540")]
    [InlineData("5b 5b 24 54 23 5508 5b 24 54 23 5508 5d")]
    public void TrySkipWampValue_WellFormedOutsideModel_ReportsOutsideModelAndConsumesNothing(string hex)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);
        Assert.True(new UbJsonSpanReader(data).TrySkipValue(), "the vector must be well formed");

        Assert.False(reader.TrySkipWampValue(out bool outsideModel));
        Assert.True(outsideModel, hex);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("5b 43 ff 5501")]
    [InlineData("7b 5501 ff 5a")]
    public void TrySkipWampValue_OutsideModelThenMalformed_ReportsMalformed(string hex)
    {
        var reader = new UbJsonSpanReader(Hex.Parse(hex));

        Assert.False(reader.TrySkipWampValue(out bool outsideModel));
        Assert.False(outsideModel);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("5501 61", 3)]
    [InlineData("4e 4e 490002 6162", 7)]
    [InlineData("5500", 2)]
    public void TryReadAndSkipPropertyName_Key_ConsumesIt(string hex, int length)
    {
        byte[] data = [.. Hex.Parse(hex), 0x5a];
        var skipper = new UbJsonSpanReader(data);
        var reader = new UbJsonSpanReader(data);

        Assert.True(skipper.TrySkipPropertyName());
        Assert.Equal(length, skipper.Position);
        Assert.True(reader.TryReadPropertyName(Span<byte>.Empty, out _));
        Assert.Equal(length, reader.Position);
    }

    // Keys have no 'S' marker (Draft 12, "Object Type": it must not be used).
    [Theory]
    [InlineData("53 5501 61")]
    [InlineData("5501")]
    [InlineData("69 ff")]
    [InlineData("5a")]
    [InlineData("")]
    public void TrySkipPropertyName_NotAKey_ReturnsFalseAndConsumesNothing(string hex)
    {
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TrySkipPropertyName());
        AssertFailsWithoutConsuming(Hex.Parse(hex), (ref UbJsonSpanReader r) => r.TryReadPropertyName(Span<byte>.Empty, out _));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("4e 4e", true)]
    [InlineData("4e 5a", false)]
    public void IsAtEnd_OnlyNoOpsLeft_IsTrue(string hex, bool expected)
    {
        Assert.Equal(expected, new UbJsonSpanReader(Hex.Parse(hex)).IsAtEnd);
    }

    // The autobahn-python (py-ubjson) vectors of the WAMP spec's test suite, whole: plain UBJSON, read as the same values.
    [Theory]
    [InlineData("5b55306c00773bf77b7d535516636f6d2e6d796170702e6d7970726f636564757265315b53550d48656c6c6f2c20776f726c64215d5d",
        """[48,7814135,{},"com.myapp.myprocedure1",["Hello, world!"]]""")]
    [InlineData("5b4901514c00000001488f41db5d", "[337,5512315355]")]
    [InlineData("5b55106c075bcd157b5508656e635f616c676f53550963727970746f626f78550e656e635f73657269616c697a65725355076d73677061636b7d535513636f6d2e6d796170702e656e637279707465645b245523551982a5636f6c6f72a66f72616e6765a573697a65739317002a075d",
        """[16,123456789,{"enc_algo":"cryptobox","enc_serializer":"msgpack"},"com.myapp.encrypted","\u0000gqVjb2xvcqZvcmFuZ2Wlc2l6ZXOTFwAqBw=="]""")]
    public void Read_WampTestSuiteSample_MatchesExpectedValue(string hex, string expectedJson)
    {
        byte[] data = Hex.Parse(hex);
        var reader = new UbJsonSpanReader(data);

        WampValue.AssertEqual(WampValue.Parse(expectedJson), ReaderWalker.Read(ref reader));
        Assert.Equal(data.Length, reader.Position);
    }

    private static void AssertFailsWithoutConsuming(byte[] data, ReaderTry action)
    {
        var reader = new UbJsonSpanReader(data);

        Assert.False(action(ref reader), $"expected failure on {Hex.Format(data)}");
        Assert.Equal(0, reader.Position);
    }
}
