using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeWamp.Protocol.Tests.TestSupport;

/// <summary>
/// A small, deliberately plain UBJSON reader and writer written from the spec (ubjson.org, Draft 12), independent of the
/// library's, so it can serve as the oracle where there is no UBJSON package to use.
/// It writes what Autobahn's py-ubjson backend writes (containers with end markers, no counts; the smallest integer type,
/// uint8 for 0..255; integers beyond int64 as high-precision numbers; one-byte ASCII strings as char; binary as
/// <c>[$U#</c> count bytes), except that floats are always float64. It reads every form: counted, typed and uncounted
/// containers, no-op, char and high-precision numbers. Throws <see cref="FormatException"/> on anything else.
/// </summary>
internal static class UbJsonOracle
{
    public static JsonNode? Read(ReadOnlySpan<byte> encoded)
    {
        int position = 0;
        JsonNode? value = ReadValue(encoded, ref position);
        Assert.Equal(encoded.Length, position);
        return value;
    }

    public static JsonArray ReadItems(ReadOnlySpan<byte> encoded, int count)
    {
        int position = 0;
        var items = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            items.Add(ReadValue(encoded, ref position));
        }

        Assert.Equal(encoded.Length, position);
        return items;
    }

    /// <summary>The encoded bytes of each element of the top-level array (which must carry markers: not strongly typed).</summary>
    public static List<byte[]> ReadEncodedElements(ReadOnlySpan<byte> message)
    {
        int position = 0;
        Expect(message, ref position, (byte)'[');
        (byte type, long count) = ReadContainerHeader(message, ref position);
        if (type != 0)
        {
            throw new FormatException("A strongly typed message has no encoded elements of its own.");
        }

        var elements = new List<byte[]>();
        while (count < 0 ? !AtEnd(message, ref position, (byte)']') : elements.Count < count)
        {
            int start = position;
            ReadValue(message, ref position);
            elements.Add(message[start..position].ToArray());
        }

        Assert.Equal(message.Length, position);
        return elements;
    }

    public static byte[] Write(JsonNode? node)
    {
        var output = new List<byte>();
        WriteValue(output, node);
        return [.. output];
    }

    private static JsonNode? ReadValue(ReadOnlySpan<byte> data, ref int position)
    {
        byte marker = Take(data, ref position, 1)[0];
        while (marker == (byte)'N')
        {
            marker = Take(data, ref position, 1)[0];
        }

        return ReadTyped(data, ref position, marker);
    }

    private static JsonNode? ReadTyped(ReadOnlySpan<byte> data, ref int position, byte marker)
    {
        switch ((char)marker)
        {
            case 'Z':
                return null;
            case 'T':
                return JsonValue.Create(true);
            case 'F':
                return JsonValue.Create(false);
            case 'i' or 'U' or 'I' or 'l' or 'L':
                return JsonValue.Create(ReadInteger(data, ref position, marker));
            case 'd':
                return JsonValue.Create((double)BinaryPrimitives.ReadSingleBigEndian(Take(data, ref position, 4)));
            case 'D':
                return JsonValue.Create(BinaryPrimitives.ReadDoubleBigEndian(Take(data, ref position, 8)));
            case 'H':
                {
                    string text = Encoding.ASCII.GetString(Take(data, ref position, ReadLength(data, ref position)));
                    return JsonNode.Parse(text) is JsonValue number && number.GetValueKind() == JsonValueKind.Number
                        ? number
                        : throw new FormatException($"High-precision number '{text}' is not a JSON number.");
                }

            case 'C':
                {
                    byte c = Take(data, ref position, 1)[0];
                    return c < 0x80 ? JsonValue.Create(((char)c).ToString()) : throw new FormatException("A char is ASCII.");
                }

            case 'S':
                return JsonValue.Create(Utf8(Take(data, ref position, ReadLength(data, ref position))));
            case '[':
                return ReadArray(data, ref position);
            case '{':
                return ReadObject(data, ref position);
            default:
                throw new FormatException($"UBJSON marker 0x{marker:x2} is not supported by the oracle.");
        }
    }

    private static JsonNode ReadArray(ReadOnlySpan<byte> data, ref int position)
    {
        (byte type, long count) = ReadContainerHeader(data, ref position);
        if (type == (byte)'U')
        {
            // Binary (Draft 12, "Binary Data"; py-ubjson reads it as bytes).
            return WampValue.Bytes(Take(data, ref position, checked((int)count)));
        }

        var array = new JsonArray();
        if (count < 0)
        {
            while (!AtEnd(data, ref position, (byte)']'))
            {
                array.Add(ReadValue(data, ref position));
            }

            return array;
        }

        for (long i = 0; i < count; i++)
        {
            array.Add(type == 0 ? ReadValue(data, ref position) : ReadTyped(data, ref position, type));
        }

        return array;
    }

    private static JsonObject ReadObject(ReadOnlySpan<byte> data, ref int position)
    {
        (byte type, long count) = ReadContainerHeader(data, ref position);
        var map = new JsonObject();
        for (long i = 0; count < 0 ? !AtEnd(data, ref position, (byte)'}') : i < count; i++)
        {
            while (data[position] == (byte)'N')
            {
                position++;
            }

            string key = Utf8(Take(data, ref position, ReadLength(data, ref position)));
            map.Add(key, type == 0 ? ReadValue(data, ref position) : ReadTyped(data, ref position, type));
        }

        return map;
    }

    private static (byte Type, long Count) ReadContainerHeader(ReadOnlySpan<byte> data, ref int position)
    {
        byte type = 0;
        if (data[position] == (byte)'$')
        {
            position++;
            type = Take(data, ref position, 1)[0];
            if (data[position] != (byte)'#')
            {
                throw new FormatException("A container type needs a count.");
            }
        }

        if (data[position] == (byte)'#')
        {
            position++;
            return (type, ReadLength(data, ref position));
        }

        return (type, -1);
    }

    private static bool AtEnd(ReadOnlySpan<byte> data, ref int position, byte end)
    {
        while (data[position] == (byte)'N')
        {
            position++;
        }

        if (data[position] != end)
        {
            return false;
        }

        position++;
        return true;
    }

    private static int ReadLength(ReadOnlySpan<byte> data, ref int position)
    {
        long length = ReadInteger(data, ref position, Take(data, ref position, 1)[0]);
        return length >= 0 ? checked((int)length) : throw new FormatException("Negative length.");
    }

    private static long ReadInteger(ReadOnlySpan<byte> data, ref int position, byte marker) => (char)marker switch
    {
        'i' => (sbyte)Take(data, ref position, 1)[0],
        'U' => Take(data, ref position, 1)[0],
        'I' => BinaryPrimitives.ReadInt16BigEndian(Take(data, ref position, 2)),
        'l' => BinaryPrimitives.ReadInt32BigEndian(Take(data, ref position, 4)),
        'L' => BinaryPrimitives.ReadInt64BigEndian(Take(data, ref position, 8)),
        _ => throw new FormatException($"0x{marker:x2} is not an integer marker."),
    };

    private static void Expect(ReadOnlySpan<byte> data, ref int position, byte marker)
    {
        if (Take(data, ref position, 1)[0] != marker)
        {
            throw new FormatException($"Expected '{(char)marker}'.");
        }
    }

    private static string Utf8(ReadOnlySpan<byte> bytes) => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int position, int length)
    {
        if (length > data.Length - position)
        {
            throw new FormatException("Truncated UBJSON.");
        }

        ReadOnlySpan<byte> slice = data.Slice(position, length);
        position += length;
        return slice;
    }

    private static void WriteValue(List<byte> output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                output.Add((byte)'Z');
                break;
            case JsonArray array:
                output.Add((byte)'[');
                foreach (JsonNode? item in array)
                {
                    WriteValue(output, item);
                }

                output.Add((byte)']');
                break;
            case JsonObject map:
                output.Add((byte)'{');
                foreach (KeyValuePair<string, JsonNode?> entry in map)
                {
                    byte[] key = Encoding.UTF8.GetBytes(entry.Key);
                    WriteInteger(output, key.Length);
                    output.AddRange(key);
                    WriteValue(output, entry.Value);
                }

                output.Add((byte)'}');
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.True:
                        output.Add((byte)'T');
                        break;
                    case JsonValueKind.False:
                        output.Add((byte)'F');
                        break;
                    case JsonValueKind.String when WampValue.TryGetBytes(node, out byte[] bytes):
                        output.AddRange("[$U#"u8.ToArray());
                        WriteInteger(output, bytes.Length);
                        output.AddRange(bytes);
                        break;
                    case JsonValueKind.String:
                        {
                            byte[] utf8 = Encoding.UTF8.GetBytes(node.GetValue<string>());
                            if (utf8.Length == 1)
                            {
                                output.Add((byte)'C');
                            }
                            else
                            {
                                output.Add((byte)'S');
                                WriteInteger(output, utf8.Length);
                            }

                            output.AddRange(utf8);
                            break;
                        }

                    case JsonValueKind.Number when WampValue.TryGetInteger(node, out BigInteger integer):
                        WriteInteger(output, integer);
                        break;
                    case JsonValueKind.Number:
                        {
                            var bits = new byte[9];
                            bits[0] = (byte)'D';
                            BinaryPrimitives.WriteDoubleBigEndian(bits.AsSpan(1), WampValue.GetDouble(node));
                            output.AddRange(bits);
                            break;
                        }

                    default:
                        throw new InvalidOperationException($"Cannot write {node.ToJsonString()}.");
                }

                break;
        }
    }

    private static void WriteInteger(List<byte> output, BigInteger value)
    {
        (char marker, int size) = value switch
        {
            _ when value >= 0 && value <= byte.MaxValue => ('U', 1),
            _ when value >= sbyte.MinValue && value < 0 => ('i', 1),
            _ when value >= short.MinValue && value <= short.MaxValue => ('I', 2),
            _ when value >= int.MinValue && value <= int.MaxValue => ('l', 4),
            _ when value >= long.MinValue && value <= long.MaxValue => ('L', 8),
            _ => ('H', 0),
        };
        output.Add((byte)marker);
        if (size == 0)
        {
            byte[] digits = Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
            WriteInteger(output, digits.Length);
            output.AddRange(digits);
            return;
        }

        ulong bits = (ulong)(long)value;
        for (int shift = (size - 1) * 8; shift >= 0; shift -= 8)
        {
            output.Add((byte)(bits >> shift));
        }
    }
}
