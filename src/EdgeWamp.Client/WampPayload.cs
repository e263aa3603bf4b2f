using System.Text;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Serialization.Json;

namespace EdgeWamp.Client;

/// <summary>
/// A message's Arguments and ArgumentsKw, kept encoded in the serializer they came in (or were built in): the session
/// transcodes them to its own serializer on the way out, so a payload received from one router is forwarded to another
/// without an object model.
/// </summary>
public readonly struct WampPayload
{
    public WampPayload(WampSerializer serializer, ReadOnlyMemory<byte> bytes, int count)
    {
        Serializer = serializer;
        Bytes = bytes;
        Count = count;
    }

    public static WampPayload Empty => default;

    public WampSerializer Serializer { get; }

    /// <summary>The encoded items (JSON: separated by a comma).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>0 (nothing), 1 (Arguments) or 2 (Arguments and ArgumentsKw).</summary>
    public int Count { get; }

    public EncodedPayload AsEncoded() => new(Serializer, Bytes.Span, Count);

    /// <summary>An owned copy of a payload that lives only as long as a received frame.</summary>
    public static WampPayload CopyOf(EncodedPayload payload) =>
        payload.Count == 0 ? Empty : new WampPayload(payload.Serializer, payload.Bytes.ToArray(), payload.Count);

    /// <summary>
    /// A payload from JSON text: <paramref name="argumentsJson"/> a JSON array, <paramref name="keywordsJson"/> an
    /// optional JSON object. The text is checked when the payload is sent (<see cref="FormatException"/> if it is not JSON).
    /// </summary>
    public static WampPayload FromJson(string argumentsJson, string? keywordsJson = null)
    {
        string text = keywordsJson is null ? argumentsJson : argumentsJson + "," + keywordsJson;
        return new WampPayload(WampSerializer.Json, Encoding.UTF8.GetBytes(text), keywordsJson is null ? 1 : 2);
    }

    /// <summary>Positional arguments from plain values: string, bool, integers, double, byte[] and null.</summary>
    /// <exception cref="ArgumentException">A value of another type.</exception>
    public static WampPayload FromArguments(params object?[] arguments)
    {
        using var buffer = new OutputBuffer(64);
        var writer = new CborWriter(buffer);
        writer.WriteStartArray(arguments.Length);
        foreach (object? value in arguments)
        {
            WriteValue(ref writer, value);
        }

        writer.WriteEndArray();
        return new WampPayload(WampSerializer.Cbor, buffer.WrittenSpan.ToArray(), 1);
    }

    /// <summary>The payload as one JSON array of its items: <c>[[args...]]</c> or <c>[[args...],{kwargs}]</c>. For logs and tests.</summary>
    public string ToJson()
    {
        using var buffer = new OutputBuffer(64);
        var writer = new JsonWriter(buffer);
        writer.WriteStartArray(Count);
        PayloadTranscoder.WriteItems(ref writer, AsEncoded());
        writer.WriteEndArray();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(ref CborWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull();
                break;
            case string text:
                writer.WriteString(Encoding.UTF8.GetBytes(text));
                break;
            case bool flag:
                writer.WriteBoolean(flag);
                break;
            case int number:
                writer.WriteInt64(number);
                break;
            case long number:
                writer.WriteInt64(number);
                break;
            case ulong number:
                writer.WriteUInt64(number);
                break;
            case double number:
                writer.WriteDouble(number);
                break;
            case byte[] bytes:
                writer.WriteBytes(bytes);
                break;
            default:
                throw new ArgumentException($"a {value.GetType().Name} is not a WAMP value this builder writes (string, bool, int, long, ulong, double, byte[], null)", nameof(value));
        }
    }
}
