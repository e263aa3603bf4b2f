using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeWamp.Protocol.Tests.TestSupport;

/// <summary>
/// The value model the oracles share: a <see cref="JsonNode"/> tree in which a byte string is a JSON string
/// starting with U+0000 followed by base64, exactly as WAMP carries binary in JSON ("Binary conversion of JSON Strings").
/// That way a value read from CBOR, MessagePack or JSON compares directly.
/// </summary>
internal static class WampValue
{
    public static JsonNode Bytes(ReadOnlySpan<byte> bytes) => JsonValue.Create("\0" + Convert.ToBase64String(bytes));

    public static bool TryGetBytes(JsonNode? node, out byte[] bytes)
    {
        bytes = [];
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            string text = value.GetValue<string>();
            if (text.Length > 0 && text[0] == '\0')
            {
                bytes = Convert.FromBase64String(text[1..]);
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses JSON text (as the test vectors write values) into the shared model.</summary>
    public static JsonNode? Parse(string json) => JsonNode.Parse(json);

    /// <summary>
    /// A canonical text for comparing values across serializers: map keys sorted, numbers by value
    /// (an integral float equals the integer, as JSON cannot tell them apart), strings escaped one way.
    /// </summary>
    public static string Canonical(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    public static void AssertEqual(JsonNode? expected, JsonNode? actual, string? context = null)
    {
        string expectedText = Canonical(expected);
        string actualText = Canonical(actual);
        if (expectedText != actualText)
        {
            Assert.Fail($"{context}{(context is null ? string.Empty : ": ")}expected {expectedText} but got {actualText}");
        }
    }

    /// <summary>Classifies a number node: an integer (any size) or a double.</summary>
    public static bool TryGetInteger(JsonNode node, out BigInteger integer)
    {
        string text = node.ToJsonString();
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            integer = BigInteger.Parse(text, CultureInfo.InvariantCulture);
            return true;
        }

        integer = default;
        return false;
    }

    public static double GetDouble(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static void Append(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject map:
                builder.Append('{');
                bool first = true;
                foreach (KeyValuePair<string, JsonNode?> entry in map.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? string.Empty : ",").Append(JsonSerializer.Serialize(entry.Key)).Append(':');
                    Append(builder, entry.Value);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",");
                    Append(builder, array[i]);
                }

                builder.Append(']');
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.Number:
                        builder.Append(NumberText(node));
                        break;
                    case JsonValueKind.String:
                        builder.Append(JsonSerializer.Serialize(node.GetValue<string>()));
                        break;
                    default:
                        builder.Append(node.ToJsonString());
                        break;
                }

                break;
        }
    }

    private static string NumberText(JsonNode node)
    {
        if (TryGetInteger(node, out BigInteger integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        double value = GetDouble(node);
        if (double.IsFinite(value) && Math.Floor(value) == value && Math.Abs(value) < 1e18)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
