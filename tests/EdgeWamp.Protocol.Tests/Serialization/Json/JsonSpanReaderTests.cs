using System.Text;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Json;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serialization.Json;

/// <summary>
/// RFC 8259 escapes, numbers and whitespace, WAMP's binary strings, and malformed input. Every failing <c>Try…</c> must
/// leave <see cref="JsonSpanReader.Position"/> where it was.
/// </summary>
public sealed class JsonSpanReaderTests
{
    private delegate bool ReaderTry(ref JsonSpanReader reader);

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"abc\"", "abc")]
    [InlineData("\"\u00fc\u6c34\U00010151\"", "\u00fc\u6c34\U00010151")]
    [InlineData(" \t\r\n\"ws\"", "ws")]
    public void TryReadString_NoEscapes_SlicesInputWithoutScratch(string json, string expected)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        var reader = new JsonSpanReader(data);

        Assert.Equal(0, reader.GetScratchLength());
        Assert.True(reader.TryReadString(Span<byte>.Empty, out ReadOnlySpan<byte> utf8));
        Assert.Equal(expected, Encoding.UTF8.GetString(utf8));
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("\"a\\nb\"", "a\nb")]
    [InlineData("\"\\\"\"", "\"")]
    [InlineData("\"\\\\\"", "\\")]
    [InlineData("\"\\/\"", "/")]
    [InlineData("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t")]
    [InlineData("\"\\u0041\"", "A")]
    [InlineData("\"\\u00fc\"", "\u00fc")]
    [InlineData("\"\\u00FC\"", "\u00fc")]
    [InlineData("\"\\u6c34\"", "\u6c34")]
    [InlineData("\"\\ud83d\\ude00\"", "\U0001F600")]
    [InlineData("\"\\uD83D\\uDE00\"", "\U0001F600")]
    [InlineData("\"x\\ud800\\udc00y\"", "x\U00010000y")]
    [InlineData("\"\\u0000\"", "\0")]
    [InlineData("\"\\u001f\"", "\u001f")]
    [InlineData("\"com.\\u00fc.\\\"q\\\".\\\\\"", "com.\u00fc.\"q\".\\")]
    public void TryReadString_Escapes_UnescapesIntoScratch(string json, string expected)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        var reader = new JsonSpanReader(data);
        int scratchLength = reader.GetScratchLength();
        Assert.True(scratchLength > 0);

        Assert.True(reader.TryReadString(new byte[scratchLength], out ReadOnlySpan<byte> utf8));
        Assert.Equal(expected, Encoding.UTF8.GetString(utf8));
        Assert.Equal(data.Length, reader.Position);
    }

    // A lone surrogate has no UTF-8 form; it is replaced with U+FFFD as UTF-8 decoders do.
    [Theory]
    [InlineData("\"\\ud83d\"")]
    [InlineData("\"\\ude00\"")]
    [InlineData("\"\\ud83dx\"")]
    public void TryReadString_LoneSurrogateEscape_BecomesReplacementCharacter(string json)
    {
        var reader = new JsonSpanReader(Encoding.UTF8.GetBytes(json));

        Assert.True(reader.TryReadString(new byte[reader.GetScratchLength()], out ReadOnlySpan<byte> utf8));
        Assert.Contains('\uFFFD', Encoding.UTF8.GetString(utf8));
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("1", 1UL)]
    [InlineData("  42", 42UL)]
    [InlineData("9007199254740992", 9007199254740992UL)]
    [InlineData("9007199254740993", 9007199254740993UL)]
    [InlineData("18446744073709551615", 18446744073709551615UL)]
    public void TryReadUInt64_Integer_ReadsValueAndConsumesIt(string json, ulong expected)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        var reader = new JsonSpanReader(data);

        Assert.True(reader.TryReadUInt64(out ulong value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("-1", -1L)]
    [InlineData("-9007199254740992", -9007199254740992L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void TryReadInt64_Integer_ReadsValueAndConsumesIt(string json, long expected)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        var reader = new JsonSpanReader(data);

        Assert.True(reader.TryReadInt64(out long value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.5", -0.5)]
    [InlineData("0.1", 0.1)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E+3", 1000.0)]
    [InlineData("1.5e-3", 0.0015)]
    [InlineData("-2.5E10", -2.5e10)]
    [InlineData("1e300", 1e300)]
    [InlineData("4.9e-324", 4.9e-324)]
    [InlineData("42", 42.0)]
    [InlineData("-7", -7.0)]
    [InlineData("18446744073709551616", 18446744073709551616.0)]
    public void TryReadDouble_Number_ReadsValueAndConsumesIt(string json, double expected)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        var reader = new JsonSpanReader(data);

        Assert.True(reader.TryReadDouble(out double value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("null", WampValueKind.Null)]
    [InlineData("true", WampValueKind.Boolean)]
    [InlineData("false", WampValueKind.Boolean)]
    [InlineData("0", WampValueKind.UnsignedInteger)]
    [InlineData("18446744073709551615", WampValueKind.UnsignedInteger)]
    [InlineData("-1", WampValueKind.NegativeInteger)]
    [InlineData("1.0", WampValueKind.Float)]
    [InlineData("1e2", WampValueKind.Float)]
    [InlineData("-1E-2", WampValueKind.Float)]
    [InlineData("\"text\"", WampValueKind.String)]
    [InlineData("\"\\u0000AQID\"", WampValueKind.Bytes)]
    [InlineData("[]", WampValueKind.Array)]
    [InlineData("{}", WampValueKind.Map)]
    [InlineData(" \t\r\n {}", WampValueKind.Map)]
    public void TryPeekKind_EveryValueKind_ReportsKindAndConsumesNothing(string json, WampValueKind expected)
    {
        var reader = new JsonSpanReader(Encoding.UTF8.GetBytes(json));

        Assert.True(reader.TryPeekKind(out WampValueKind kind));
        Assert.Equal(expected, kind);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("\"\\u0000\"", "")]
    [InlineData("\"\\u0000AQID\"", "010203")]
    [InlineData("\"\\u0000AQIDBA==\"", "01020304")]
    [InlineData("\"\\u0000\\/\\/\\/\\/\"", "ffffff")]
    public void TryReadBytes_WampBinaryString_DecodesBase64IntoScratch(string json, string expectedHex)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        var reader = new JsonSpanReader(data);

        Assert.True(reader.TryReadBytes(new byte[reader.GetScratchLength()], out ReadOnlySpan<byte> bytes));
        Assert.Equal(expectedHex, Hex.Format(bytes));
        Assert.Equal(data.Length, reader.Position);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(" \n true", true)]
    public void TryReadBoolean_Literal_ReadsValue(string json, bool expected)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        var reader = new JsonSpanReader(data);

        Assert.True(reader.TryReadBoolean(out bool value));
        Assert.Equal(expected, value);
        Assert.Equal(data.Length, reader.Position);
    }

    [Fact]
    public void TryReadNull_Literal_ConsumesIt()
    {
        var reader = new JsonSpanReader(" null"u8);

        Assert.True(reader.TryReadNull());
        Assert.Equal(5, reader.Position);
    }

    [Theory]
    [InlineData("[1,[2,3],[4,5]]", "[1,[2,3],[4,5]]")]
    [InlineData(" [ 1 ,\n[ 2 ] ,\t{ \"a\" : 3 } ,\r\n[ ] , { } ] ", """[1,[2],{"a":3},[],{}]""")]
    [InlineData("""{"a":[true,false,null],"b\u00fc":{"c":-1.5}}""", """{"a":[true,false,null],"bü":{"c":-1.5}}""")]
    [InlineData("""{"k\u0065y":"v\u0061l"}""", """{"key":"val"}""")]
    [InlineData("""["\u0000AQID",""]""", """["\u0000AQID",""]""")]
    public void MoveNext_NestedContainersWithWhitespace_WalksEveryItem(string json, string expectedJson)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        var reader = new JsonSpanReader(data);

        WampValue.AssertEqual(WampValue.Parse(expectedJson), ReaderWalker.Read(ref reader));
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.0e-0")]
    [InlineData("\"a\\\"b\"")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("[1,\"two\",{\"three\":[3.0e0,null]}]")]
    [InlineData(" { \"a\" : [ ] , \"b\" : { } } ")]
    public void TrySkipValue_WellFormedValue_ConsumesExactlyTheValue(string json)
    {
        byte[] data = Encoding.UTF8.GetBytes(json + ",");
        var reader = new JsonSpanReader(data);

        Assert.True(reader.TrySkipValue());
        Assert.Equal(json.TrimEnd().Length, reader.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"abc")]
    [InlineData("\"a\\qb\"")]
    [InlineData("\"a\\u12\"")]
    [InlineData("\"a\\u12G4\"")]
    [InlineData("\"a\\")]
    [InlineData("\"a\u0001b\"")]
    [InlineData("\"a\nb\"")]
    [InlineData("\"a\tb\"")]
    [InlineData("\"\u001f\"")]
    [InlineData("abc")]
    [InlineData("'abc'")]
    [InlineData("42")]
    public void TryReadString_MalformedOrOtherType_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadString(new byte[64], out _));

    [Fact]
    public void TryReadString_EscapedWithScratchTooSmall_ReturnsFalseAndConsumesNothing() =>
        AssertFailsWithoutConsuming("\"\\u00fc\\u00fc\"", (ref JsonSpanReader r) => r.TryReadString(new byte[3], out _));

    // Leading zeros, lone signs, missing digits and values out of range are not numbers of the requested type.
    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("00")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.5")]
    [InlineData("1e2")]
    [InlineData("-1")]
    [InlineData("-0")]
    [InlineData("18446744073709551616")]
    [InlineData("\"1\"")]
    [InlineData("\f1")]
    [InlineData("\u00a01")]
    public void TryReadUInt64_NotAnUnsignedInteger_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadUInt64(out _));

    [Theory]
    [InlineData("-01")]
    [InlineData("-00")]
    [InlineData("--1")]
    [InlineData("-a")]
    [InlineData("-1.5")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("null")]
    public void TryReadInt64_NotAnInt64_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadInt64(out _));

    [Theory]
    [InlineData("")]
    [InlineData("01.5")]
    [InlineData("1.")]
    [InlineData("1.e3")]
    [InlineData("1e")]
    [InlineData("-")]
    [InlineData(".5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("\"1.5\"")]
    public void TryReadDouble_NotANumber_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadDouble(out _));

    [Theory]
    [InlineData("")]
    [InlineData("tru")]
    [InlineData("True")]
    [InlineData("fals")]
    [InlineData("1")]
    public void TryReadBoolean_NotALiteral_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadBoolean(out _));

    [Theory]
    [InlineData("")]
    [InlineData("nul")]
    [InlineData("Null")]
    [InlineData("0")]
    public void TryReadNull_NotNull_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadNull());

    [Theory]
    [InlineData("\"AQID\"")]
    [InlineData("\"\\u0000A\"")]
    [InlineData("\"\\u0000AQ=ID\"")]
    [InlineData("\"\\u0000AQID")]
    [InlineData("42")]
    public void TryReadBytes_NotWampBinary_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadBytes(new byte[64], out _));

    [Fact]
    public void TryReadBytes_ScratchTooSmall_ReturnsFalseAndConsumesNothing() =>
        AssertFailsWithoutConsuming("\"\\u0000AQIDBA==\"", (ref JsonSpanReader r) => r.TryReadBytes(new byte[3], out _));

    [Theory]
    [InlineData("\"a\" 1")]
    [InlineData("\"a\"")]
    [InlineData("a:1")]
    [InlineData("1:1")]
    public void TryReadPropertyName_NoColonOrNotString_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadPropertyName(new byte[64], out _));

    [Fact]
    public void TryReadPropertyName_WhitespaceAroundColon_ConsumesColon()
    {
        byte[] data = "\"k\\u0065y\" \t: 1"u8.ToArray();
        var reader = new JsonSpanReader(data);

        Assert.True(reader.TryReadPropertyName(new byte[16], out ReadOnlySpan<byte> name));
        Assert.Equal("key", Encoding.UTF8.GetString(name));
        Assert.True(reader.TryReadUInt64(out ulong value));
        Assert.Equal(1UL, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("1")]
    [InlineData("\"[\"")]
    public void TryReadStartArray_NotAnArray_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadStartArray(out _));

    [Theory]
    [InlineData("")]
    [InlineData("[")]
    [InlineData("null")]
    public void TryReadStartMap_NotAMap_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryReadStartMap(out _));

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("+1")]
    [InlineData("'a'")]
    [InlineData("1.")]
    [InlineData("-")]
    public void TryPeekKind_NotAValue_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TryPeekKind(out _));

    [Theory]
    [InlineData("")]
    [InlineData("[")]
    [InlineData("[1")]
    [InlineData("[1,")]
    [InlineData("[1,]")]
    [InlineData("[1,2,]")]
    [InlineData("[,1]")]
    [InlineData("[1 2]")]
    [InlineData("[1;2]")]
    [InlineData("{")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{,}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\":}")]
    [InlineData("{\"a\"}")]
    [InlineData("{a:1}")]
    [InlineData("{1:1}")]
    [InlineData("{\"a\":1 \"b\":2}")]
    [InlineData("[1}")]
    [InlineData("{\"a\":1]")]
    [InlineData("\"abc")]
    [InlineData("[\"a\u0001\"]")]
    [InlineData("[\"a\\x\"]")]
    [InlineData("tru")]
    [InlineData("nul")]
    [InlineData("fals")]
    [InlineData("01")]
    [InlineData("-01")]
    [InlineData("[01]")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData("1e")]
    [InlineData(".5")]
    [InlineData("]")]
    [InlineData("}")]
    [InlineData(",")]
    public void TrySkipValue_MalformedInput_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TrySkipValue());

    [Theory]
    [InlineData(64, "0")]
    [InlineData(64, "")]
    public void TrySkipValue_NestingUpToMaxDepth_Succeeds(int arrays, string innermost)
    {
        string json = new string('[', arrays) + innermost + new string(']', arrays);
        var reader = new JsonSpanReader(Encoding.UTF8.GetBytes(json));

        Assert.True(reader.TrySkipValue());
        Assert.Equal(json.Length, reader.Position);
    }

    // 65 nested arrays is one level beyond MaxDepth (64), whether the innermost array is empty or holds a value.
    [Theory]
    [InlineData(65, "")]
    [InlineData(65, "0")]
    [InlineData(200, "")]
    public void TrySkipValue_NestingBeyondMaxDepth_ReturnsFalseAndConsumesNothing(int arrays, string innermost)
    {
        Assert.Equal(64, JsonSpanReader.MaxDepth);

        AssertFailsWithoutConsuming(new string('[', arrays) + innermost + new string(']', arrays), (ref JsonSpanReader r) => r.TrySkipValue());
    }

    // WampDataModel: integers in [-2^63, 2^64 - 1] (floats of any size), binary as valid base64 (escaped canonical
    // base64 too, as producers that escape '/' write it), and keys that start with U+0000 (keys are never binary).
    [Theory]
    [InlineData("18446744073709551615")]
    [InlineData("-9223372036854775808")]
    [InlineData("-0")]
    [InlineData("1e400")]
    [InlineData("184467440737095516150.0")]
    [InlineData("\"\\u0000\"")]
    [InlineData("\"\\u0000AQID\"")]
    [InlineData("\"\\u0000AQ==\"")]
    [InlineData("\"\\u0000AQ\\/D\"")]
    [InlineData("\"\\u0000\\u0041Q==\"")]
    [InlineData("\"a\\u0000\"")]
    [InlineData("{\"\\u0000k\":[1,{\"\\ud83d\":null}]}")]
    public void TrySkipWampValue_ValueInModel_ConsumesExactlyTheValue(string json)
    {
        byte[] data = Encoding.UTF8.GetBytes(json + ",");
        var reader = new JsonSpanReader(data);

        Assert.True(reader.TrySkipWampValue(out bool outsideModel));
        Assert.False(outsideModel);
        Assert.Equal(json.Length, reader.Position);
    }

    // Integers beyond the range, binary whose base64 TryReadBytes could not decode (bad characters, non-zero pad bits,
    // missing padding, an escaped character that is not base64), also nested.
    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("-9223372036854775809")]
    [InlineData("100000000000000000000000000")]
    [InlineData("\"\\u0000!!!!\"")]
    [InlineData("\"\\u0000AR==\"")]
    [InlineData("\"\\u0000AQ\"")]
    [InlineData("\"\\u0000AR\\/=\"")]
    [InlineData("\"\\u0000AQ\\nID\"")]
    [InlineData("\"\\u0000AQ\\/\"")]
    [InlineData("\"\\u0000\\u00e9QID\"")]
    [InlineData("[1,{\"a\":[18446744073709551616]}]")]
    public void TrySkipWampValue_WellFormedOutsideModel_ReportsOutsideModelAndConsumesNothing(string json)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        var reader = new JsonSpanReader(data);
        Assert.True(new JsonSpanReader(data).TrySkipValue(), "the vector must be well formed");

        Assert.False(reader.TrySkipWampValue(out bool outsideModel));
        Assert.True(outsideModel, json);
        Assert.Equal(0, reader.Position);
    }

    // Raw bytes that are not UTF-8 inside a string value or key: JSON carries them through, no peer could parse them.
    [Theory]
    [InlineData("22c32822")]
    [InlineData("5b2261222c22ff225d")]
    [InlineData("7b22c328223a317d")]
    public void TrySkipWampValue_InvalidUtf8_ReportsOutsideModel(string hex)
    {
        var reader = new JsonSpanReader(Hex.Parse(hex));

        Assert.False(reader.TrySkipWampValue(out bool outsideModel));
        Assert.True(outsideModel);
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void TrySkipWampValue_OutsideModelThenMalformed_ReportsMalformed()
    {
        var reader = new JsonSpanReader("[18446744073709551616,01]"u8.ToArray());

        Assert.False(reader.TrySkipWampValue(out bool outsideModel));
        Assert.False(outsideModel);
        Assert.Equal(0, reader.Position);
    }

    // Every base64 binary TrySkipWampValue accepts, TryReadBytes decodes.
    [Theory]
    [InlineData("\"\\u0000AQ\\/D\"", "010fc3")]
    [InlineData("\"\\u0000\\u0041Q==\"", "01")]
    [InlineData("\"\\u0000AQI=\"", "0102")]
    public void TrySkipWampValue_AcceptedBinary_TryReadBytesDecodesIt(string json, string expectedHex)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        Assert.True(new JsonSpanReader(data).TrySkipWampValue(out _));
        var reader = new JsonSpanReader(data);

        Assert.True(reader.TryReadBytes(new byte[64], out ReadOnlySpan<byte> bytes));
        Assert.Equal(expectedHex, Hex.Format(bytes));
    }

    [Theory]
    [InlineData("\"k\":1", 4)]
    [InlineData("\"k\\u0065y\" \t: 1", 13)]
    public void TrySkipPropertyName_KeyAndColon_ConsumesBoth(string json, int length)
    {
        var reader = new JsonSpanReader(Encoding.UTF8.GetBytes(json));

        Assert.True(reader.TrySkipPropertyName());
        Assert.Equal(length, reader.Position);
    }

    [Theory]
    [InlineData("\"k\"")]
    [InlineData("\"k\" 1")]
    [InlineData("1:1")]
    [InlineData("\"k")]
    public void TrySkipPropertyName_NoColonOrNotString_ReturnsFalseAndConsumesNothing(string json) =>
        AssertFailsWithoutConsuming(json, (ref JsonSpanReader r) => r.TrySkipPropertyName());

    [Theory]
    [InlineData("[1 2]")]
    [InlineData("[1;2]")]
    [InlineData("[1")]
    public void MoveNext_MissingSeparatorOrEnd_ReportsMalformed(string json)
    {
        var reader = new JsonSpanReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.TryReadStartArray(out ContainerCursor cursor));
        Assert.Equal(-1, cursor.DeclaredCount);
        Assert.Equal(NextItem.Item, reader.MoveNext(ref cursor));
        Assert.True(reader.TryReadUInt64(out _));
        int position = reader.Position;

        Assert.Equal(NextItem.Malformed, reader.MoveNext(ref cursor));
        Assert.Equal(position, reader.Position);
    }

    [Theory]
    [InlineData("[1] ", true)]
    [InlineData("[1] \t\r\n", true)]
    [InlineData("[1] x", false)]
    [InlineData("[1],", false)]
    public void IsAtEnd_AfterValue_IgnoresOnlyWhitespace(string json, bool expected)
    {
        var reader = new JsonSpanReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.TrySkipValue());

        Assert.Equal(expected, reader.IsAtEnd);
    }

    private static void AssertFailsWithoutConsuming(string json, ReaderTry action)
    {
        var reader = new JsonSpanReader(Encoding.UTF8.GetBytes(json));

        Assert.False(action(ref reader), $"expected failure on {json}");
        Assert.Equal(0, reader.Position);
    }
}
