using System.Text;
using EdgeWamp.Client;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Serialization.Json;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// WAMP payloads to MQTT application messages and back.
/// JSON mode (the default): up, the kwargs object when there is a non-empty one, else the single argument, else the
/// arguments array; down, a JSON object becomes kwargs, an array the arguments, any other JSON value the single
/// argument, and text that is not JSON a single string argument.
/// Raw mode: up, a single string or binary argument is sent as its bytes (anything else as JSON); down, the message's
/// bytes become a single binary argument.
/// </summary>
internal static class MqttPayloadMapping
{
    public static byte[] ToMqtt(WampPayload payload, bool raw)
    {
        EncodedPayload encoded = payload.AsEncoded();
        if (encoded.Count == 0)
        {
            return [];
        }

        var reader = new ArgumentsReader(encoded);
        if (!reader.TrySplit(out EncodedPayload arguments, out EncodedPayload keywords))
        {
            return [];
        }

        if (keywords.Count == 1)
        {
            byte[] kwargs = ToJson(keywords);
            if (kwargs is not [(byte)'{', (byte)'}'])
            {
                return kwargs;
            }
        }

        if (reader.ArgumentCount == 1 && reader.TryGetEncoded(0, out ReadOnlySpan<byte> first))
        {
            if (raw && reader.TryGetKind(0, out WampValueKind kind) && kind is WampValueKind.String or WampValueKind.Bytes)
            {
                byte[] scratch = new byte[first.Length + 16];
                if (kind == WampValueKind.String && reader.TryGetString(0, scratch, out ReadOnlySpan<byte> text))
                {
                    return text.ToArray();
                }

                if (kind == WampValueKind.Bytes && TryReadBytes(payload.Serializer, first, out byte[]? bytes))
                {
                    return bytes;
                }
            }

            return ToJson(new EncodedPayload(payload.Serializer, first, 1));
        }

        return ToJson(arguments);
    }

    public static WampPayload ToWamp(ReadOnlySpan<byte> message, bool raw)
    {
        if (!raw && message.Length > 0)
        {
            int start = 0;
            while (start < message.Length && message[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                start++;
            }

            byte first = start < message.Length ? message[start] : (byte)0;
            byte[] candidate = first switch
            {
                (byte)'{' => [.. "[],"u8, .. message],
                (byte)'[' => message.ToArray(),
                _ => [.. "["u8, .. message, .. "]"u8],
            };
            int count = first == (byte)'{' ? 2 : 1;
            if (IsValidJsonPayload(candidate, count))
            {
                return new WampPayload(WampSerializer.Json, candidate, count);
            }

            if (System.Text.Unicode.Utf8.IsValid(message))
            {
                return WampPayload.FromArguments(Encoding.UTF8.GetString(message));
            }
        }

        return WampPayload.FromArguments(message.ToArray());
    }

    private static byte[] ToJson(EncodedPayload item)
    {
        using var buffer = new OutputBuffer(128);
        var writer = new JsonWriter(buffer);
        PayloadTranscoder.WriteItems(ref writer, item);
        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryReadBytes(WampSerializer serializer, ReadOnlySpan<byte> item, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes)
    {
        // Re-encode the item in CBOR, where a byte string's content follows its header directly.
        using var buffer = new OutputBuffer(item.Length + 16);
        var writer = new CborWriter(buffer);
        PayloadTranscoder.WriteItems(ref writer, new EncodedPayload(serializer, item, 1));
        var reader = new CborSpanReader(buffer.WrittenSpan);
        byte[] scratch = new byte[buffer.WrittenCount];
        bytes = reader.TryReadBytes(scratch, out ReadOnlySpan<byte> content) ? content.ToArray() : null;
        return bytes is not null;
    }

    /// <summary>Whether the JSON items are a payload the router accepts: decoded as a PUBLISH by the router's own decoder.</summary>
    private static bool IsValidJsonPayload(byte[] items, int count)
    {
        byte[] message = [.. "[16,1,{},\"x\","u8, .. items, .. "]"u8];
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        return WampHeaderDecoder.TryDecode(WampSerializer.Json, message, scratch, out MessageHeader header) == DecodeStatus.Ok
            && header.PayloadCount == count;
    }
}
