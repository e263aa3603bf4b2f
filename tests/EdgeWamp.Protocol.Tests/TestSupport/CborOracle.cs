using System.Formats.Cbor;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeWamp.Protocol.Tests.TestSupport;

/// <summary>System.Formats.Cbor as the reference implementation: reads CBOR into the shared value model and writes it back.</summary>
internal static class CborOracle
{
    /// <summary>Reads exactly one value; throws (failing the test) if the bytes are not one well-formed value in <paramref name="mode"/>.</summary>
    public static JsonNode? Read(ReadOnlyMemory<byte> encoded, CborConformanceMode mode = CborConformanceMode.Lax)
    {
        var reader = new CborReader(encoded, mode);
        JsonNode? value = ReadValue(reader);
        Assert.Equal(0, reader.BytesRemaining);
        return value;
    }

    /// <summary>Reads <paramref name="count"/> consecutive values (a payload slice).</summary>
    public static JsonArray ReadItems(ReadOnlyMemory<byte> encoded, int count)
    {
        var reader = new CborReader(encoded, CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
        var items = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            items.Add(ReadValue(reader));
        }

        Assert.Equal(0, reader.BytesRemaining);
        return items;
    }

    /// <summary>The encoded bytes of each element of the top-level array, via <see cref="CborReader.ReadEncodedValue"/>.</summary>
    public static List<byte[]> ReadEncodedElements(ReadOnlyMemory<byte> message)
    {
        var reader = new CborReader(message, CborConformanceMode.Lax);
        reader.ReadStartArray();
        var elements = new List<byte[]>();
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            elements.Add(reader.ReadEncodedValue().ToArray());
        }

        reader.ReadEndArray();
        return elements;
    }

    /// <summary>Checks that <paramref name="encoded"/> is exactly one value accepted in <paramref name="mode"/>.</summary>
    public static void AssertConforms(ReadOnlyMemory<byte> encoded, CborConformanceMode mode)
    {
        var reader = new CborReader(encoded, mode);
        try
        {
            reader.SkipValue();
        }
        catch (CborContentException exception)
        {
            Assert.Fail($"CborReader({mode}) rejected {Hex.Format(encoded.Span)}: {exception.Message}");
        }

        Assert.Equal(0, reader.BytesRemaining);
    }

    public static byte[] Write(JsonNode? node, CborConformanceMode mode = CborConformanceMode.Lax)
    {
        var writer = new CborWriter(mode);
        WriteValue(writer, node);
        return writer.Encode();
    }

    private static JsonNode? ReadValue(CborReader reader)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger:
                return JsonValue.Create(reader.ReadUInt64());
            case CborReaderState.NegativeInteger:
                {
                    ulong raw = reader.ReadCborNegativeIntegerRepresentation();
                    return raw <= long.MaxValue ? JsonValue.Create(-1 - (long)raw) : JsonValue.Create(-1m - raw);
                }

            case CborReaderState.ByteString or CborReaderState.StartIndefiniteLengthByteString:
                return WampValue.Bytes(reader.ReadByteString());
            case CborReaderState.TextString or CborReaderState.StartIndefiniteLengthTextString:
                return JsonValue.Create(reader.ReadTextString());
            case CborReaderState.StartArray:
                {
                    reader.ReadStartArray();
                    var array = new JsonArray();
                    while (reader.PeekState() != CborReaderState.EndArray)
                    {
                        array.Add(ReadValue(reader));
                    }

                    reader.ReadEndArray();
                    return array;
                }

            case CborReaderState.StartMap:
                {
                    reader.ReadStartMap();
                    var map = new JsonObject();
                    while (reader.PeekState() != CborReaderState.EndMap)
                    {
                        string key = reader.ReadTextString();
                        map.Add(key, ReadValue(reader));
                    }

                    reader.ReadEndMap();
                    return map;
                }

            case CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat or CborReaderState.DoublePrecisionFloat:
                return JsonValue.Create(reader.ReadDouble());
            case CborReaderState.Boolean:
                return JsonValue.Create(reader.ReadBoolean());
            case CborReaderState.Null:
                reader.ReadNull();
                return null;
            case CborReaderState.SimpleValue:
                {
                    // WAMP has no "undefined": it reads as null, like the library's reader does; other simple values have no meaning.
                    CborSimpleValue simple = reader.ReadSimpleValue();
                    return simple == CborSimpleValue.Undefined ? null : throw new InvalidOperationException($"Unexpected simple value {simple}.");
                }

            case CborReaderState.Tag:
                reader.ReadTag();
                return ReadValue(reader);
            default:
                throw new InvalidOperationException($"Unexpected CBOR state {reader.PeekState()}.");
        }
    }

    private static void WriteValue(CborWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNull();
                break;
            case JsonArray array:
                writer.WriteStartArray(array.Count);
                foreach (JsonNode? item in array)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonObject map:
                writer.WriteStartMap(map.Count);
                foreach (KeyValuePair<string, JsonNode?> entry in map)
                {
                    writer.WriteTextString(entry.Key);
                    WriteValue(writer, entry.Value);
                }

                writer.WriteEndMap();
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.True or JsonValueKind.False:
                        writer.WriteBoolean(node.GetValue<bool>());
                        break;
                    case JsonValueKind.String when WampValue.TryGetBytes(node, out byte[] bytes):
                        writer.WriteByteString(bytes);
                        break;
                    case JsonValueKind.String:
                        writer.WriteTextString(node.GetValue<string>());
                        break;
                    case JsonValueKind.Number when WampValue.TryGetInteger(node, out BigInteger integer):
                        if (integer >= 0)
                        {
                            writer.WriteUInt64((ulong)integer);
                        }
                        else
                        {
                            writer.WriteCborNegativeIntegerRepresentation((ulong)(-1 - integer));
                        }

                        break;
                    case JsonValueKind.Number:
                        writer.WriteDouble(WampValue.GetDouble(node));
                        break;
                    default:
                        throw new InvalidOperationException($"Cannot write {node.ToJsonString()}.");
                }

                break;
        }
    }
}
