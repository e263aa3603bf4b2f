using System.Globalization;
using System.Text;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Serialization.Json;
using EdgeWamp.Protocol.Serialization.MsgPack;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>
/// Plain .NET values as tests write and read WAMP payloads, Details and Options: <c>null</c>, <see cref="bool"/>,
/// integers (<see cref="int"/>, <see cref="long"/>, <see cref="ulong"/>), <see cref="double"/>, <see cref="string"/>,
/// <c>byte[]</c>, lists (<c>object?[]</c>, <see cref="List{T}"/>) and maps (<see cref="Dictionary{TKey, TValue}"/> keyed by string).
/// Encoding goes through the protocol's own writers; decoding through its span readers.
/// </summary>
internal static class WampValue
{
    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach ((string key, object? value) in entries)
        {
            map.Add(key, value);
        }

        return map;
    }

    /// <summary>Encodes one value.</summary>
    public static byte[] Encode(WampSerializer serializer, object? value) => EncodeItems(serializer, [value]);

    /// <summary>Encodes consecutive values, as the items of a payload are laid out (JSON: separated by commas).</summary>
    public static byte[] EncodeItems(WampSerializer serializer, params object?[] items)
    {
        using var buffer = new OutputBuffer();
        switch (serializer)
        {
            case WampSerializer.Cbor:
                {
                    var writer = new CborWriter(buffer);
                    WriteAll(ref writer, items);
                    break;
                }

            case WampSerializer.MsgPack:
                {
                    var writer = new MsgPackWriter(buffer);
                    WriteAll(ref writer, items);
                    break;
                }

            case WampSerializer.Json:
                {
                    var writer = new JsonWriter(buffer);
                    WriteAll(ref writer, items);
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(serializer), serializer, null);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes exactly one value, failing the test if anything else is left.</summary>
    public static object? Decode(WampSerializer serializer, ReadOnlySpan<byte> encoded)
    {
        switch (serializer)
        {
            case WampSerializer.Cbor:
                {
                    var reader = new CborSpanReader(encoded);
                    object? value = Read(ref reader);
                    Assert.Equal(encoded.Length, reader.Position);
                    return value;
                }

            case WampSerializer.MsgPack:
                {
                    var reader = new MsgPackSpanReader(encoded);
                    object? value = Read(ref reader);
                    Assert.Equal(encoded.Length, reader.Position);
                    return value;
                }

            case WampSerializer.Json:
                {
                    var reader = new JsonSpanReader(encoded);
                    object? value = Read(ref reader);
                    Assert.True(reader.IsAtEnd, "trailing JSON after the value");
                    return value;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(serializer), serializer, null);
        }
    }

    /// <summary>Decodes <paramref name="count"/> (at most 15) consecutive items, e.g. a message's Arguments and ArgumentsKw.</summary>
    public static List<object?> DecodeItems(WampSerializer serializer, ReadOnlySpan<byte> items, int count)
    {
        Assert.InRange(count, 0, 15);
        if (count == 0)
        {
            Assert.True(items.IsEmpty, "no items but bytes");
            return [];
        }

        // Wrap the items in an array header so the reader sees one value: CBOR 0x80 | n (RFC 8949 §3.1, major type 4),
        // MessagePack fixarray 0x90 | n, JSON brackets (the items already carry their commas).
        byte[] wrapped = serializer switch
        {
            WampSerializer.Cbor => [(byte)(0x80 | count), .. items],
            WampSerializer.MsgPack => [(byte)(0x90 | count), .. items],
            _ => [(byte)'[', .. items, (byte)']'],
        };
        var list = (List<object?>)Decode(serializer, wrapped)!;
        Assert.Equal(count, list.Count);
        return list;
    }

    /// <summary>
    /// A canonical text for comparing values across serializers: map keys sorted, integers by value whatever their
    /// width or sign encoding, doubles round-tripped, strings and byte strings kept apart.
    /// </summary>
    public static string Canonical(object? value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    public static void AssertEqual(object? expected, object? actual) => Assert.Equal(Canonical(expected), Canonical(actual));

    private static void WriteAll<TWriter>(ref TWriter writer, object?[] items)
        where TWriter : struct, IWampWriter
    {
        foreach (object? item in items)
        {
            Write(ref writer, item);
        }
    }

    private static void Write<TWriter>(ref TWriter writer, object? value)
        where TWriter : struct, IWampWriter
    {
        switch (value)
        {
            case null:
                writer.WriteNull();
                break;
            case bool boolean:
                writer.WriteBoolean(boolean);
                break;
            case int or long:
                long signed = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                if (signed >= 0)
                {
                    writer.WriteUInt64((ulong)signed);
                }
                else
                {
                    writer.WriteInt64(signed);
                }

                break;
            case ulong unsigned:
                writer.WriteUInt64(unsigned);
                break;
            case double number:
                writer.WriteDouble(number);
                break;
            case string text:
                writer.WriteString(Encoding.UTF8.GetBytes(text));
                break;
            case byte[] bytes:
                writer.WriteBytes(bytes);
                break;
            case IDictionary<string, object?> map:
                writer.WriteStartMap(map.Count);
                foreach (KeyValuePair<string, object?> entry in map)
                {
                    writer.WritePropertyName(Encoding.UTF8.GetBytes(entry.Key));
                    Write(ref writer, entry.Value);
                }

                writer.WriteEndMap();
                break;
            case IList<object?> list:
                writer.WriteStartArray(list.Count);
                foreach (object? item in list)
                {
                    Write(ref writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"no WAMP value for {value.GetType()}", nameof(value));
        }
    }

    private static object? Read<TReader>(scoped ref TReader reader)
        where TReader : IWampReader, allows ref struct
    {
        Assert.True(reader.TryPeekKind(out WampValueKind kind), $"no value at byte {reader.Position}");
        switch (kind)
        {
            case WampValueKind.Null:
                Assert.True(reader.TryReadNull());
                return null;
            case WampValueKind.Boolean:
                {
                    Assert.True(reader.TryReadBoolean(out bool value));
                    return value;
                }

            case WampValueKind.UnsignedInteger:
                {
                    Assert.True(reader.TryReadUInt64(out ulong value));
                    return value;
                }

            case WampValueKind.NegativeInteger:
                {
                    Assert.True(reader.TryReadInt64(out long value));
                    return value;
                }

            case WampValueKind.Float:
                {
                    Assert.True(reader.TryReadDouble(out double value));
                    return value;
                }

            case WampValueKind.String:
                {
                    Assert.True(reader.TryReadString(new byte[reader.GetScratchLength()], out ReadOnlySpan<byte> utf8));
                    return Encoding.UTF8.GetString(utf8);
                }

            case WampValueKind.Bytes:
                {
                    Assert.True(reader.TryReadBytes(new byte[reader.GetScratchLength()], out ReadOnlySpan<byte> bytes));
                    return bytes.ToArray();
                }

            case WampValueKind.Array:
                {
                    Assert.True(reader.TryReadStartArray(out ContainerCursor cursor));
                    var list = new List<object?>();
                    NextItem next;
                    while ((next = reader.MoveNext(ref cursor)) == NextItem.Item)
                    {
                        list.Add(Read(ref reader));
                    }

                    Assert.Equal(NextItem.End, next);
                    return list;
                }

            case WampValueKind.Map:
                {
                    Assert.True(reader.TryReadStartMap(out ContainerCursor cursor));
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    NextItem next;
                    while ((next = reader.MoveNext(ref cursor)) == NextItem.Item)
                    {
                        Assert.True(reader.TryReadPropertyName(new byte[reader.GetScratchLength()], out ReadOnlySpan<byte> name));
                        string key = Encoding.UTF8.GetString(name);
                        map.Add(key, Read(ref reader));
                    }

                    Assert.Equal(NextItem.End, next);
                    return map;
                }

            default:
                Assert.Fail($"unexpected value kind {kind}");
                return null;
        }
    }

    private static void Append(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case bool boolean:
                builder.Append(boolean ? "true" : "false");
                break;
            case int or long:
                long signed = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                builder.Append(signed.ToString(CultureInfo.InvariantCulture));
                break;
            case ulong unsigned:
                builder.Append(unsigned.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                builder.Append("double:").Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case string text:
                builder.Append('"').Append(text.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
                break;
            case byte[] bytes:
                builder.Append("h'").Append(Convert.ToHexString(bytes)).Append('\'');
                break;
            case IDictionary<string, object?> map:
                builder.Append('{');
                bool firstEntry = true;
                foreach (KeyValuePair<string, object?> entry in map.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    builder.Append(firstEntry ? string.Empty : ",");
                    Append(builder, entry.Key);
                    builder.Append(':');
                    Append(builder, entry.Value);
                    firstEntry = false;
                }

                builder.Append('}');
                break;
            case IList<object?> list:
                builder.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",");
                    Append(builder, list[i]);
                }

                builder.Append(']');
                break;
            default:
                throw new ArgumentException($"no WAMP value for {value.GetType()}", nameof(value));
        }
    }
}
