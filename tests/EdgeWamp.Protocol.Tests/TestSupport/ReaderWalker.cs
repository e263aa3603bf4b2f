using System.Text;
using System.Text.Json.Nodes;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Tests.TestSupport;

/// <summary>
/// Reads one whole value through the <see cref="IWampReader"/> surface (peek, read, move next) into the shared value model,
/// so reader tests can state their expectations as JSON text.
/// </summary>
internal static class ReaderWalker
{
    public static JsonNode? Read<TReader>(scoped ref TReader reader)
        where TReader : IWampReader, allows ref struct
    {
        Assert.True(reader.TryPeekKind(out WampValueKind kind), $"TryPeekKind failed at {reader.Position}");
        switch (kind)
        {
            case WampValueKind.Null:
                Assert.True(reader.TryReadNull());
                return null;
            case WampValueKind.Boolean:
                Assert.True(reader.TryReadBoolean(out bool boolean));
                return JsonValue.Create(boolean);
            case WampValueKind.UnsignedInteger:
                Assert.True(reader.TryReadUInt64(out ulong unsigned));
                return JsonValue.Create(unsigned);
            case WampValueKind.NegativeInteger:
                Assert.True(reader.TryReadInt64(out long signed));
                return JsonValue.Create(signed);
            case WampValueKind.Float:
                Assert.True(reader.TryReadDouble(out double number));
                return JsonValue.Create(number);
            case WampValueKind.String:
                {
                    byte[] scratch = new byte[reader.GetScratchLength()];
                    Assert.True(reader.TryReadString(scratch, out ReadOnlySpan<byte> utf8));
                    return JsonValue.Create(Encoding.UTF8.GetString(utf8));
                }

            case WampValueKind.Bytes:
                {
                    byte[] scratch = new byte[reader.GetScratchLength()];
                    Assert.True(reader.TryReadBytes(scratch, out ReadOnlySpan<byte> bytes));
                    return WampValue.Bytes(bytes);
                }

            case WampValueKind.Array:
                {
                    Assert.True(reader.TryReadStartArray(out ContainerCursor cursor));
                    var array = new JsonArray();
                    while (Next(ref reader, ref cursor))
                    {
                        array.Add(Read(ref reader));
                    }

                    return array;
                }

            case WampValueKind.Map:
                {
                    Assert.True(reader.TryReadStartMap(out ContainerCursor cursor));
                    var map = new JsonObject();
                    while (Next(ref reader, ref cursor))
                    {
                        byte[] scratch = new byte[reader.GetScratchLength()];
                        Assert.True(reader.TryReadPropertyName(scratch, out ReadOnlySpan<byte> name));
                        map.Add(Encoding.UTF8.GetString(name), Read(ref reader));
                    }

                    return map;
                }

            default:
                Assert.Fail($"Unexpected kind {kind}");
                return null;
        }
    }

    private static bool Next<TReader>(scoped ref TReader reader, ref ContainerCursor cursor)
        where TReader : IWampReader, allows ref struct
    {
        NextItem next = reader.MoveNext(ref cursor);
        Assert.NotEqual(NextItem.Malformed, next);
        return next == NextItem.Item;
    }
}
