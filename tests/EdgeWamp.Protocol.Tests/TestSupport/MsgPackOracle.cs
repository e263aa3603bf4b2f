using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeWamp.Protocol.Tests.TestSupport;

/// <summary>
/// A small, deliberately plain MessagePack reader and writer written from the msgpack spec ("Formats"),
/// independent of the library's, so it can serve as the oracle where there is no MessagePack package to use.
/// Throws <see cref="FormatException"/> on anything it does not understand.
/// </summary>
internal static class MsgPackOracle
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

    /// <summary>The encoded bytes of each element of the top-level array (the MessagePack counterpart of <c>CborReader.ReadEncodedValue</c>).</summary>
    public static List<byte[]> ReadEncodedElements(ReadOnlySpan<byte> message)
    {
        int position = 0;
        int count = (int)ReadContainerLength(message, ref position, isMap: false);
        var elements = new List<byte[]>();
        for (int i = 0; i < count; i++)
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
        byte initial = Take(data, ref position, 1)[0];
        switch (initial)
        {
            case <= 0x7F:
                return JsonValue.Create((ulong)initial);
            case >= 0xE0:
                return JsonValue.Create((long)(sbyte)initial);
            case >= 0x80 and <= 0x8F:
                return ReadMap(data, ref position, initial & 0x0F);
            case >= 0x90 and <= 0x9F:
                return ReadArray(data, ref position, initial & 0x0F);
            case >= 0xA0 and <= 0xBF:
                return ReadString(data, ref position, initial & 0x1F);
            case 0xC0:
                return null;
            case 0xC2:
                return JsonValue.Create(false);
            case 0xC3:
                return JsonValue.Create(true);
            case 0xC4:
                return WampValue.Bytes(Take(data, ref position, Take(data, ref position, 1)[0]));
            case 0xC5:
                return WampValue.Bytes(Take(data, ref position, BinaryPrimitives.ReadUInt16BigEndian(Take(data, ref position, 2))));
            case 0xC6:
                return WampValue.Bytes(Take(data, ref position, checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4)))));
            case 0xCA:
                return JsonValue.Create((double)BinaryPrimitives.ReadSingleBigEndian(Take(data, ref position, 4)));
            case 0xCB:
                return JsonValue.Create(BinaryPrimitives.ReadDoubleBigEndian(Take(data, ref position, 8)));
            case 0xCC:
                return JsonValue.Create((ulong)Take(data, ref position, 1)[0]);
            case 0xCD:
                return JsonValue.Create((ulong)BinaryPrimitives.ReadUInt16BigEndian(Take(data, ref position, 2)));
            case 0xCE:
                return JsonValue.Create((ulong)BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4)));
            case 0xCF:
                return JsonValue.Create(BinaryPrimitives.ReadUInt64BigEndian(Take(data, ref position, 8)));
            case 0xD0:
                return JsonValue.Create((long)(sbyte)Take(data, ref position, 1)[0]);
            case 0xD1:
                return JsonValue.Create((long)BinaryPrimitives.ReadInt16BigEndian(Take(data, ref position, 2)));
            case 0xD2:
                return JsonValue.Create((long)BinaryPrimitives.ReadInt32BigEndian(Take(data, ref position, 4)));
            case 0xD3:
                return JsonValue.Create(BinaryPrimitives.ReadInt64BigEndian(Take(data, ref position, 8)));
            case 0xD9:
                return ReadString(data, ref position, Take(data, ref position, 1)[0]);
            case 0xDA:
                return ReadString(data, ref position, BinaryPrimitives.ReadUInt16BigEndian(Take(data, ref position, 2)));
            case 0xDB:
                return ReadString(data, ref position, checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4))));
            case 0xDC:
                return ReadArray(data, ref position, BinaryPrimitives.ReadUInt16BigEndian(Take(data, ref position, 2)));
            case 0xDD:
                return ReadArray(data, ref position, checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4))));
            case 0xDE:
                return ReadMap(data, ref position, BinaryPrimitives.ReadUInt16BigEndian(Take(data, ref position, 2)));
            case 0xDF:
                return ReadMap(data, ref position, checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4))));
            default:
                throw new FormatException($"MessagePack format 0x{initial:x2} is not supported by the oracle.");
        }
    }

    private static uint ReadContainerLength(ReadOnlySpan<byte> data, ref int position, bool isMap)
    {
        byte initial = Take(data, ref position, 1)[0];
        return initial switch
        {
            >= 0x80 and <= 0x8F when isMap => (uint)(initial & 0x0F),
            >= 0x90 and <= 0x9F when !isMap => (uint)(initial & 0x0F),
            0xDC when !isMap => BinaryPrimitives.ReadUInt16BigEndian(Take(data, ref position, 2)),
            0xDD when !isMap => BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4)),
            0xDE when isMap => BinaryPrimitives.ReadUInt16BigEndian(Take(data, ref position, 2)),
            0xDF when isMap => BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4)),
            _ => throw new FormatException($"0x{initial:x2} does not start a {(isMap ? "map" : "array")}."),
        };
    }

    private static JsonArray ReadArray(ReadOnlySpan<byte> data, ref int position, int count)
    {
        var array = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            array.Add(ReadValue(data, ref position));
        }

        return array;
    }

    private static JsonObject ReadMap(ReadOnlySpan<byte> data, ref int position, int count)
    {
        var map = new JsonObject();
        for (int i = 0; i < count; i++)
        {
            if (ReadValue(data, ref position) is not JsonValue key || key.GetValueKind() != JsonValueKind.String)
            {
                throw new FormatException("Map keys must be strings.");
            }

            map.Add(key.GetValue<string>(), ReadValue(data, ref position));
        }

        return map;
    }

    private static JsonValue ReadString(ReadOnlySpan<byte> data, ref int position, int length) =>
        JsonValue.Create(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(data, ref position, length)));

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int position, int length)
    {
        if (length > data.Length - position)
        {
            throw new FormatException("Truncated MessagePack.");
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
                output.Add(0xC0);
                break;
            case JsonArray array:
                WriteLength(output, array.Count, 0x90, 15, 0, 0xDC, 0xDD);
                foreach (JsonNode? item in array)
                {
                    WriteValue(output, item);
                }

                break;
            case JsonObject map:
                WriteLength(output, map.Count, 0x80, 15, 0, 0xDE, 0xDF);
                foreach (KeyValuePair<string, JsonNode?> entry in map)
                {
                    WriteText(output, entry.Key);
                    WriteValue(output, entry.Value);
                }

                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.True:
                        output.Add(0xC3);
                        break;
                    case JsonValueKind.False:
                        output.Add(0xC2);
                        break;
                    case JsonValueKind.String when WampValue.TryGetBytes(node, out byte[] bytes):
                        WriteLength(output, bytes.Length, 0, -1, 0xC4, 0xC5, 0xC6);
                        output.AddRange(bytes);
                        break;
                    case JsonValueKind.String:
                        WriteText(output, node.GetValue<string>());
                        break;
                    case JsonValueKind.Number when WampValue.TryGetInteger(node, out BigInteger integer):
                        WriteInteger(output, integer);
                        break;
                    case JsonValueKind.Number:
                        {
                            var bits = new byte[9];
                            bits[0] = 0xCB;
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

    private static void WriteText(List<byte> output, string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        WriteLength(output, utf8.Length, 0xA0, 31, 0xD9, 0xDA, 0xDB);
        output.AddRange(utf8);
    }

    private static void WriteInteger(List<byte> output, BigInteger value)
    {
        if (value >= 0 && value <= 0x7F)
        {
            output.Add((byte)value);
        }
        else if (value >= -32 && value < 0)
        {
            output.Add((byte)(sbyte)value);
        }
        else if (value > 0)
        {
            ulong unsigned = (ulong)value;
            (byte head, int size) = unsigned switch
            {
                <= byte.MaxValue => ((byte)0xCC, 1),
                <= ushort.MaxValue => ((byte)0xCD, 2),
                <= uint.MaxValue => ((byte)0xCE, 4),
                _ => ((byte)0xCF, 8),
            };
            output.Add(head);
            WriteBigEndian(output, unsigned, size);
        }
        else
        {
            long signed = (long)value;
            (byte head, int size) = signed switch
            {
                >= sbyte.MinValue => ((byte)0xD0, 1),
                >= short.MinValue => ((byte)0xD1, 2),
                >= int.MinValue => ((byte)0xD2, 4),
                _ => ((byte)0xD3, 8),
            };
            output.Add(head);
            WriteBigEndian(output, (ulong)signed, size);
        }
    }

    private static void WriteLength(List<byte> output, int length, byte fix, int fixMax, byte head8, byte head16, byte head32)
    {
        if (length <= fixMax)
        {
            output.Add((byte)(fix | length));
        }
        else if (head8 != 0 && length <= byte.MaxValue)
        {
            output.Add(head8);
            output.Add((byte)length);
        }
        else if (length <= ushort.MaxValue)
        {
            output.Add(head16);
            WriteBigEndian(output, (ulong)length, 2);
        }
        else
        {
            output.Add(head32);
            WriteBigEndian(output, (ulong)length, 4);
        }
    }

    private static void WriteBigEndian(List<byte> output, ulong value, int size)
    {
        for (int shift = (size - 1) * 8; shift >= 0; shift -= 8)
        {
            output.Add((byte)(value >> shift));
        }
    }
}
