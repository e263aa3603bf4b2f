using System.Text;
using System.Text.Json;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Serialization.Json;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serialization.Json;

/// <summary>Compact JSON output, checked byte for byte and parsed back with System.Text.Json.</summary>
public sealed class JsonWriterTests
{
    private delegate void Write(ref JsonWriter writer);

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("", "\"\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("\n\r\t", "\"\\n\\r\\t\"")]
    [InlineData("\b\f", "\"\\u0008\\u000c\"")]
    [InlineData("\u0000\u0001\u001f", "\"\\u0000\\u0001\\u001f\"")]
    [InlineData("/", "\"/\"")]
    [InlineData("\u007f", "\"\u007f\"")]
    [InlineData("\u00fc\u6c34\U0001F600", "\"\u00fc\u6c34\U0001F600\"")]
    [InlineData("com.example.\"quoted\".\\path\u0001", "\"com.example.\\\"quoted\\\".\\\\path\\u0001\"")]
    public void WriteString_SpecialCharacters_EscapesAsRfc8259Requires(string text, string expectedJson)
    {
        string json = EncodeText((ref JsonWriter w) => w.WriteString(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(expectedJson, json);
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(text, document.RootElement.GetString());
    }

    [Theory]
    [InlineData("", "\"\\u0000\"")]
    [InlineData("010203", "\"\\u0000AQID\"")]
    [InlineData("01020304", "\"\\u0000AQIDBA==\"")]
    [InlineData("ffffff", "\"\\u0000////\"")]
    public void WriteBytes_Binary_WritesWampBinaryString(string hex, string expectedJson)
    {
        string json = EncodeText((ref JsonWriter w) => w.WriteBytes(Hex.Parse(hex)));

        Assert.Equal(expectedJson, json);
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.True(WampValue.TryGetBytes(System.Text.Json.Nodes.JsonValue.Create(document.RootElement.GetString()), out byte[] bytes));
        Assert.Equal(hex, Hex.Format(bytes));
    }

    [Fact]
    public void WriteBytes_LongValue_RoundTripsThroughBase64()
    {
        byte[] bytes = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];

        string json = EncodeText((ref JsonWriter w) => w.WriteBytes(bytes));

        using JsonDocument document = JsonDocument.Parse(json);
        string text = document.RootElement.GetString()!;
        Assert.Equal('\0', text[0]);
        Assert.Equal(bytes, Convert.FromBase64String(text[1..]));
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(9007199254740992UL, "9007199254740992")]
    [InlineData(18446744073709551615UL, "18446744073709551615")]
    public void WriteUInt64_Value_WritesDecimalDigits(ulong value, string expectedJson)
    {
        Assert.Equal(expectedJson, EncodeText((ref JsonWriter w) => w.WriteUInt64(value)));
    }

    [Theory]
    [InlineData(-1L, "-1")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    public void WriteInt64_Value_WritesDecimalDigits(long value, string expectedJson)
    {
        Assert.Equal(expectedJson, EncodeText((ref JsonWriter w) => w.WriteInt64(value)));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.5)]
    [InlineData(0.1)]
    [InlineData(1e300)]
    [InlineData(-1.5e-300)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(3.141592653589793)]
    [InlineData(100.0)]
    public void WriteDouble_FiniteValue_RoundTripsThroughJsonDocument(double value)
    {
        string json = EncodeText((ref JsonWriter w) => w.WriteDouble(value));

        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(value, document.RootElement.GetDouble());
    }

    // JSON has no NaN or infinities; null is the only value it can carry in their place.
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void WriteDouble_NonFinite_WritesNull(double value)
    {
        Assert.Equal("null", EncodeText((ref JsonWriter w) => w.WriteDouble(value)));
    }

    [Fact]
    public void WriteStartArray_NestedContainers_InsertsSeparatorsExactly()
    {
        string json = EncodeText((ref JsonWriter w) =>
        {
            w.WriteStartArray(5);
            w.WriteUInt64(1);
            w.WriteStartMap(2);
            w.WritePropertyName("a"u8);
            w.WriteStartArray(2);
            w.WriteBoolean(true);
            w.WriteNull();
            w.WriteEndArray();
            w.WritePropertyName("b\""u8);
            w.WriteString("x"u8);
            w.WriteEndMap();
            w.WriteStartArray(0);
            w.WriteEndArray();
            w.WriteStartMap(0);
            w.WriteEndMap();
            w.WriteBoolean(false);
            w.WriteEndArray();
        });

        Assert.Equal("""[1,{"a":[true,null],"b\"":"x"},[],{},false]""", json);
        using (JsonDocument.Parse(json))
        {
        }
    }

    [Fact]
    public void WritePropertyName_MapAsValue_NoSeparatorAfterColon()
    {
        string json = EncodeText((ref JsonWriter w) =>
        {
            w.WriteStartMap(2);
            w.WritePropertyName("roles"u8);
            w.WriteStartMap(1);
            w.WritePropertyName("broker"u8);
            w.WriteStartMap(0);
            w.WriteEndMap();
            w.WriteEndMap();
            w.WritePropertyName("n"u8);
            w.WriteDouble(1.5);
            w.WriteEndMap();
        });

        Assert.Equal("""{"roles":{"broker":{}},"n":1.5}""", json);
    }

    [Fact]
    public void WriteEncodedItems_AfterItems_PrefixesOneComma()
    {
        string json = EncodeText((ref JsonWriter w) =>
        {
            w.WriteStartArray(3);
            w.WriteUInt64(50);
            w.WriteEncodedItems("[\"a\"],{\"k\":1}"u8, 2);
            w.WriteEndArray();
        });

        Assert.Equal("""[50,["a"],{"k":1}]""", json);
    }

    [Fact]
    public void WriteEncodedItems_ZeroItems_WritesNothing()
    {
        string json = EncodeText((ref JsonWriter w) =>
        {
            w.WriteStartArray(1);
            w.WriteUInt64(50);
            w.WriteEncodedItems(default, 0);
            w.WriteEndArray();
        });

        Assert.Equal("[50]", json);
    }

    private static string EncodeText(Write write)
    {
        using var output = new OutputBuffer(16);
        var writer = new JsonWriter(output);
        write(ref writer);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
