using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Codec;

/// <summary>Lookups in an encoded Options or Details map, in every serializer: present, absent and wrong-typed keys.</summary>
public sealed class DetailsReaderTests
{
    // The same key nested in a map and a list comes first, so a lookup must skip whole values to find the top-level one.
    private const string Options = """
        {"nested":{"acknowledge":false},"list":[{"acknowledge":false},1],"acknowledge":true,"exclude_me":false,
         "timeout":5000,"match":"prefix","neg":-1,"f":1.5,"nul":null,"bin":"\u0000AQID","text_true":"true",
         "acknowledged":false,"ü":"unicode key"}
        """;

    public static TheoryData<WampSerializer> Serializers => WireFormat.Serializers;

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryGetBoolean_PresentKeys_ReturnsTopLevelValue(WampSerializer serializer)
    {
        DetailsReader reader = Reader(serializer, out _);

        Assert.True(reader.TryGetBoolean("acknowledge"u8, out bool acknowledge));
        Assert.True(acknowledge);
        Assert.True(reader.TryGetBoolean("exclude_me"u8, out bool excludeMe));
        Assert.False(excludeMe);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryGetBoolean_AbsentOrWrongTypedKey_ReturnsFalse(WampSerializer serializer)
    {
        DetailsReader reader = Reader(serializer, out _);

        Assert.False(reader.TryGetBoolean("disclose_me"u8, out _));
        Assert.False(reader.TryGetBoolean("acknowledg"u8, out _));
        Assert.False(reader.TryGetBoolean("timeout"u8, out _));
        Assert.False(reader.TryGetBoolean("text_true"u8, out _));
        Assert.False(reader.TryGetBoolean("nul"u8, out _));
        Assert.False(reader.TryGetBoolean("nested"u8, out _));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryGetUInt64_PresentKey_ReturnsValue(WampSerializer serializer)
    {
        DetailsReader reader = Reader(serializer, out _);

        Assert.True(reader.TryGetUInt64("timeout"u8, out ulong timeout));
        Assert.Equal(5000UL, timeout);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryGetUInt64_AbsentNegativeOrWrongTypedKey_ReturnsFalse(WampSerializer serializer)
    {
        DetailsReader reader = Reader(serializer, out _);

        Assert.False(reader.TryGetUInt64("absent"u8, out _));
        Assert.False(reader.TryGetUInt64("neg"u8, out _));
        Assert.False(reader.TryGetUInt64("f"u8, out _));
        Assert.False(reader.TryGetUInt64("match"u8, out _));
        Assert.False(reader.TryGetUInt64("acknowledge"u8, out _));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryGetString_PresentKey_ReturnsUtf8(WampSerializer serializer)
    {
        DetailsReader reader = Reader(serializer, out _);
        byte[] scratch = new byte[64];

        Assert.True(reader.TryGetString("match"u8, scratch, out ReadOnlySpan<byte> match));
        Assert.Equal("prefix", Encoding.UTF8.GetString(match));
        Assert.True(reader.TryGetString("\u00fc"u8, scratch, out ReadOnlySpan<byte> unicode));
        Assert.Equal("unicode key", Encoding.UTF8.GetString(unicode));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryGetString_AbsentOrWrongTypedKey_ReturnsFalse(WampSerializer serializer)
    {
        DetailsReader reader = Reader(serializer, out _);
        byte[] scratch = new byte[64];

        Assert.False(reader.TryGetString("absent"u8, scratch, out _));
        Assert.False(reader.TryGetString("timeout"u8, scratch, out _));
        Assert.False(reader.TryGetString("acknowledge"u8, scratch, out _));
        Assert.False(reader.TryGetString("list"u8, scratch, out _));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryGetKind_EveryValueKind_ReportsKind(WampSerializer serializer)
    {
        DetailsReader reader = Reader(serializer, out _);

        Assert.Equal(WampValueKind.Boolean, Kind(reader, "acknowledge"u8));
        Assert.Equal(WampValueKind.UnsignedInteger, Kind(reader, "timeout"u8));
        Assert.Equal(WampValueKind.NegativeInteger, Kind(reader, "neg"u8));
        Assert.Equal(WampValueKind.Float, Kind(reader, "f"u8));
        Assert.Equal(WampValueKind.String, Kind(reader, "match"u8));
        Assert.Equal(WampValueKind.Bytes, Kind(reader, "bin"u8));
        Assert.Equal(WampValueKind.Null, Kind(reader, "nul"u8));
        Assert.Equal(WampValueKind.Map, Kind(reader, "nested"u8));
        Assert.Equal(WampValueKind.Array, Kind(reader, "list"u8));
        Assert.False(reader.TryGetKind("absent"u8, out _));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryGetBoolean_EmptyOrNonMapDetails_ReturnsFalse(WampSerializer serializer)
    {
        Assert.False(new DetailsReader(serializer, default).TryGetBoolean("acknowledge"u8, out _));
        Assert.False(new DetailsReader(serializer, WireFormat.EncodeJson(serializer, "[true]")).TryGetBoolean("acknowledge"u8, out _));
        Assert.False(new DetailsReader(serializer, WireFormat.EncodeJson(serializer, "{}")).TryGetBoolean("acknowledge"u8, out _));
    }

    [Fact]
    public void TryGetBoolean_JsonKeyWithEscapes_MatchesUnescapedKey()
    {
        var reader = new DetailsReader(WampSerializer.Json, """{ "ex\u0063lude_me" : false , "ac\u006bnowledge" : true }"""u8);

        Assert.True(reader.TryGetBoolean("acknowledge"u8, out bool acknowledge));
        Assert.True(acknowledge);
        Assert.True(reader.TryGetBoolean("exclude_me"u8, out bool excludeMe));
        Assert.False(excludeMe);
    }

    [Fact]
    public void TryGetString_JsonValueWithEscapes_UnescapesIntoScratch()
    {
        var reader = new DetailsReader(WampSerializer.Json, """{"m\u0061tch":"pre\u0066ix","reason":"a \"quoted\"\nline"}"""u8);
        byte[] scratch = new byte[64];

        Assert.True(reader.TryGetString("match"u8, scratch, out ReadOnlySpan<byte> match));
        Assert.Equal("prefix", Encoding.UTF8.GetString(match));
        Assert.True(reader.TryGetString("reason"u8, scratch, out ReadOnlySpan<byte> reason));
        Assert.Equal("a \"quoted\"\nline", Encoding.UTF8.GetString(reason));
    }

    [Fact]
    public void TryGetString_JsonEscapedValueWithoutScratch_ReturnsFalse()
    {
        var reader = new DetailsReader(WampSerializer.Json, """{"match":"pre\u0066ix"}"""u8);

        Assert.False(reader.TryGetString("match"u8, Span<byte>.Empty, out _));
    }

    // An escaped key longer than the lookup's scratch cannot be the one asked for, but the keys after it still can.
    [Fact]
    public void TryGetBoolean_LongEscapedJsonKeyBeforeTarget_StillFindsTarget()
    {
        string longKey = string.Concat(Enumerable.Repeat("\\u0078", 40));
        var reader = new DetailsReader(WampSerializer.Json, Encoding.UTF8.GetBytes($$"""{"{{longKey}}":1,"acknowledge":true}"""));

        Assert.True(reader.TryGetBoolean("acknowledge"u8, out bool acknowledge));
        Assert.True(acknowledge);
    }

    [Fact]
    public void TryGetBoolean_CborIndefiniteLengthKeyAndMap_FindsValue()
    {
        // {_ (_ "ack", "nowledge"): true}
        var reader = new DetailsReader(WampSerializer.Cbor, Hex.Parse("bf7f6361636b686e6f776c65646765fff5ff"));

        Assert.True(reader.TryGetBoolean("acknowledge"u8, out bool acknowledge));
        Assert.True(acknowledge);
    }

    [Fact]
    public void TryGetBoolean_UnknownSerializer_ReturnsFalse()
    {
        Assert.False(new DetailsReader(WampSerializer.None, "{}"u8).TryGetBoolean("acknowledge"u8, out _));
    }

    private static DetailsReader Reader(WampSerializer serializer, out byte[] map)
    {
        map = WireFormat.EncodeJson(serializer, Options);
        return new DetailsReader(serializer, map);
    }

    private static WampValueKind Kind(DetailsReader reader, ReadOnlySpan<byte> key)
    {
        Assert.True(reader.TryGetKind(key, out WampValueKind kind), Encoding.UTF8.GetString(key));
        return kind;
    }
}
