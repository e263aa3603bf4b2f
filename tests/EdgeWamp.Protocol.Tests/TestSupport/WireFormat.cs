using System.Formats.Cbor;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Tests.TestSupport;

/// <summary>Dispatches to the oracle of each serializer: System.Text.Json, System.Formats.Cbor, <see cref="MsgPackOracle"/> and <see cref="UbJsonOracle"/>.</summary>
internal static class WireFormat
{
    public static readonly WampSerializer[] All = [WampSerializer.Json, WampSerializer.MsgPack, WampSerializer.Cbor, WampSerializer.UbJson];

    /// <summary>One row per serializer, for <c>[MemberData]</c>.</summary>
    public static TheoryData<WampSerializer> Serializers => new(All);

    public static WampSerializer FromTestSuiteName(string name) => name switch
    {
        "json" => WampSerializer.Json,
        "msgpack" => WampSerializer.MsgPack,
        "cbor" => WampSerializer.Cbor,
        "ubjson" => WampSerializer.UbJson,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a serializer EdgeWamp implements."),
    };

    /// <summary>Encodes a value with the oracle; JSON escapes non-ASCII and U+0000 (binary) as \uXXXX.</summary>
    public static byte[] Encode(WampSerializer serializer, JsonNode? node) => serializer switch
    {
        WampSerializer.Json => Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null"),
        WampSerializer.MsgPack => MsgPackOracle.Write(node),
        WampSerializer.Cbor => CborOracle.Write(node),
        WampSerializer.UbJson => UbJsonOracle.Write(node),
        _ => throw new ArgumentOutOfRangeException(nameof(serializer)),
    };

    /// <summary>Encodes JSON text (as the tests write values) in <paramref name="serializer"/>.</summary>
    public static byte[] EncodeJson(WampSerializer serializer, string json) =>
        serializer == WampSerializer.Json ? Encoding.UTF8.GetBytes(json) : Encode(serializer, JsonNode.Parse(json));

    public static JsonNode? Decode(WampSerializer serializer, ReadOnlySpan<byte> encoded) => serializer switch
    {
        WampSerializer.Json => ParseJson(encoded),
        WampSerializer.MsgPack => MsgPackOracle.Read(encoded),
        WampSerializer.Cbor => CborOracle.Read(encoded.ToArray()),
        WampSerializer.UbJson => UbJsonOracle.Read(encoded),
        _ => throw new ArgumentOutOfRangeException(nameof(serializer)),
    };

    /// <summary>Decodes a payload slice of <paramref name="count"/> items; in JSON the items are comma-separated, so parse "[" + slice + "]".</summary>
    public static JsonArray DecodeItems(WampSerializer serializer, ReadOnlySpan<byte> encoded, int count)
    {
        switch (serializer)
        {
            case WampSerializer.Json:
                {
                    JsonArray items = count == 0 && encoded.Trim(" \t\r\n"u8).IsEmpty
                        ? []
                        : (JsonArray)ParseJson([.. "["u8, .. encoded, .. "]"u8])!;
                    Assert.Equal(count, items.Count);
                    return items;
                }

            case WampSerializer.MsgPack:
                return MsgPackOracle.ReadItems(encoded, count);
            case WampSerializer.Cbor:
                return CborOracle.ReadItems(encoded.ToArray(), count);
            case WampSerializer.UbJson:
                return UbJsonOracle.ReadItems(encoded, count);
            default:
                throw new ArgumentOutOfRangeException(nameof(serializer));
        }
    }

    /// <summary>Checks that a whole encoded message is accepted by the reference implementation (CBOR in Strict mode).</summary>
    public static void AssertWellFormed(WampSerializer serializer, ReadOnlySpan<byte> message)
    {
        switch (serializer)
        {
            case WampSerializer.Json:
                using (JsonDocument.Parse(message.ToArray()))
                {
                }

                break;
            case WampSerializer.MsgPack:
                MsgPackOracle.Read(message);
                break;
            case WampSerializer.Cbor:
                CborOracle.AssertConforms(message.ToArray(), CborConformanceMode.Strict);
                break;
            case WampSerializer.UbJson:
                UbJsonOracle.Read(message);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(serializer));
        }
    }

    private static JsonNode? ParseJson(ReadOnlySpan<byte> encoded) => JsonNode.Parse(encoded);
}
