using System.Buffers;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Serialization.Json;
using EdgeWamp.Protocol.Serialization.MsgPack;
using EdgeWamp.Protocol.Serialization.UbJson;

namespace EdgeWamp.Protocol.Codec;

/// <summary>
/// Copies encoded values into a writer: as bytes when the serializers match, otherwise transcoded reader-to-writer,
/// streaming, with no object model in between.
/// </summary>
/// <remarks>
/// Where WAMP's data model is enforced: not here, but in <see cref="WampHeaderDecoder"/>, which refuses (as
/// <see cref="DecodeStatus.InvalidStructure"/>) any Details/Options map or payload outside <see cref="WampDataModel"/>
/// during the validation skip it already does, in the same single pass. Every value that reaches this class from a
/// peer therefore has a representation in every serializer (integers in [-2^63, 2^64 - 1], valid UTF-8 text, text map
/// keys, CBOR's four simple values, UBJSON high-precision numbers only where they are such integers or finite floats, depth within <see cref="WampDataModel.MaxDepth"/>), so transcoding cannot fail on
/// routed input and routing never throws on it. Rejecting at decode time, rather than degrading values here, keeps
/// what a subscriber receives independent of its serializer. A failure here is a bug in the caller (bytes that did not
/// come through the decoder) and throws.
/// </remarks>
public static class PayloadTranscoder
{
    /// <summary>Writes the items of <paramref name="payload"/> as elements of the array being written.</summary>
    public static void WriteItems<TWriter>(ref TWriter writer, EncodedPayload payload)
        where TWriter : struct, IWampWriter
    {
        if (payload.Count == 0)
        {
            return;
        }

        if (payload.Serializer == writer.Serializer)
        {
            writer.WriteEncodedItems(payload.Bytes, payload.Count);
            return;
        }

        bool ok = payload.Serializer switch
        {
            WampSerializer.Cbor => TranscodeItems(new CborSpanReader(payload.Bytes), ref writer, payload.Count, isJson: false),
            WampSerializer.MsgPack => TranscodeItems(new MsgPackSpanReader(payload.Bytes), ref writer, payload.Count, isJson: false),
            WampSerializer.Json => TranscodeItems(new JsonSpanReader(payload.Bytes), ref writer, payload.Count, isJson: true),
            WampSerializer.UbJson => TranscodeItems(new UbJsonSpanReader(payload.Bytes), ref writer, payload.Count, isJson: false),
            _ => false,
        };
        if (!ok)
        {
            // The decoder validated these bytes before routing them: failing here is a bug, not bad input.
            ThrowHelper.ThrowInvalidPayload();
        }
    }

    /// <summary>Writes one encoded map (e.g. Options passed through), or an empty map when <paramref name="map"/> is empty.</summary>
    public static void WriteMap<TWriter>(ref TWriter writer, WampSerializer serializer, ReadOnlySpan<byte> map)
        where TWriter : struct, IWampWriter
    {
        if (map.IsEmpty)
        {
            writer.WriteStartMap(0);
            writer.WriteEndMap();
            return;
        }

        WriteItems(ref writer, new EncodedPayload(serializer, map, 1));
    }

    private static bool TranscodeItems<TReader, TWriter>(TReader reader, ref TWriter writer, int count, bool isJson)
        where TReader : IWampReader, allows ref struct
        where TWriter : struct, IWampWriter
    {
        for (int i = 0; i < count; i++)
        {
            // JSON payload items are separated by a comma (and maybe whitespace), which the reader's value methods do not consume.
            if (isJson && i > 0 && !SkipJsonSeparator(ref reader))
            {
                return false;
            }

            if (!TranscodeValue(ref reader, ref writer, depth: 0))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SkipJsonSeparator<TReader>(ref TReader reader)
        where TReader : IWampReader, allows ref struct
    {
        // An array cursor that has already "started" consumes exactly one separating comma.
        var cursor = new ContainerCursor(-1, isMap: false) { Started = true };
        return reader.MoveNext(ref cursor) == NextItem.Item;
    }

    private static bool TranscodeValue<TReader, TWriter>(scoped ref TReader reader, ref TWriter writer, int depth)
        where TReader : IWampReader, allows ref struct
        where TWriter : struct, IWampWriter
    {
        if (!reader.TryPeekKind(out WampValueKind kind))
        {
            return false;
        }

        switch (kind)
        {
            case WampValueKind.Null:
                writer.WriteNull();
                return reader.TryReadNull();
            case WampValueKind.Boolean:
                {
                    bool ok = reader.TryReadBoolean(out bool value);
                    writer.WriteBoolean(value);
                    return ok;
                }

            case WampValueKind.UnsignedInteger:
                {
                    bool ok = reader.TryReadUInt64(out ulong value);
                    writer.WriteUInt64(value);
                    return ok;
                }

            case WampValueKind.NegativeInteger:
                {
                    bool ok = reader.TryReadInt64(out long value);
                    writer.WriteInt64(value);
                    return ok;
                }

            case WampValueKind.Float:
                {
                    bool ok = reader.TryReadDouble(out double value);
                    writer.WriteDouble(value);
                    return ok;
                }

            case WampValueKind.String or WampValueKind.Bytes:
                return TranscodeString(ref reader, ref writer, kind == WampValueKind.Bytes);
            case WampValueKind.Array or WampValueKind.Map:
                return TranscodeContainer(ref reader, ref writer, kind == WampValueKind.Map, depth);
            default:
                return false;
        }
    }

    private static bool TranscodeString<TReader, TWriter>(scoped ref TReader reader, ref TWriter writer, bool isBytes)
        where TReader : IWampReader, allows ref struct
        where TWriter : struct, IWampWriter
    {
        int scratchLength = reader.GetScratchLength();
        byte[]? rented = scratchLength > 0 ? ArrayPool<byte>.Shared.Rent(scratchLength) : null;
        try
        {
            Span<byte> scratch = rented;
            ReadOnlySpan<byte> value;
            bool ok = isBytes ? reader.TryReadBytes(scratch, out value) : reader.TryReadString(scratch, out value);
            if (!ok)
            {
                return false;
            }

            if (isBytes)
            {
                writer.WriteBytes(value);
            }
            else
            {
                writer.WriteString(value);
            }

            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Transcodes an array or map; <paramref name="depth"/> counts the containers around it, bounded as the readers bound it.</summary>
    private static bool TranscodeContainer<TReader, TWriter>(scoped ref TReader reader, ref TWriter writer, bool isMap, int depth)
        where TReader : IWampReader, allows ref struct
        where TWriter : struct, IWampWriter
    {
        if (depth >= WampDataModel.MaxDepth)
        {
            return false;
        }

        ContainerCursor cursor;
        bool opened = isMap ? reader.TryReadStartMap(out cursor) : reader.TryReadStartArray(out cursor);
        if (!opened)
        {
            return false;
        }

        int count = cursor.DeclaredCount;
        if (count < 0 && !TryCountItems(reader, cursor, out count))
        {
            return false;
        }

        if (isMap)
        {
            writer.WriteStartMap(count);
        }
        else
        {
            writer.WriteStartArray(count);
        }

        while (true)
        {
            NextItem next = reader.MoveNext(ref cursor);
            if (next == NextItem.End)
            {
                break;
            }

            if (next == NextItem.Malformed)
            {
                return false;
            }

            if (isMap && !TranscodeKey(ref reader, ref writer))
            {
                return false;
            }

            if (!TranscodeValue(ref reader, ref writer, depth + 1))
            {
                return false;
            }
        }

        if (isMap)
        {
            writer.WriteEndMap();
        }
        else
        {
            writer.WriteEndArray();
        }

        return true;
    }

    private static bool TranscodeKey<TReader, TWriter>(scoped ref TReader reader, ref TWriter writer)
        where TReader : IWampReader, allows ref struct
        where TWriter : struct, IWampWriter
    {
        int scratchLength = reader.GetScratchLength();
        byte[]? rented = scratchLength > 0 ? ArrayPool<byte>.Shared.Rent(scratchLength) : null;
        try
        {
            if (!reader.TryReadPropertyName(rented, out ReadOnlySpan<byte> name))
            {
                return false;
            }

            writer.WritePropertyName(name);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>JSON, CBOR indefinite-length and UBJSON uncounted containers do not say how many items they hold; count them on a copy of the reader.</summary>
    private static bool TryCountItems<TReader>(TReader probe, ContainerCursor cursor, out int count)
        where TReader : IWampReader, allows ref struct
    {
        count = 0;
        while (true)
        {
            switch (probe.MoveNext(ref cursor))
            {
                case NextItem.End:
                    return true;
                case NextItem.Malformed:
                    return false;
            }

            if (cursor.IsMap)
            {
                int scratchLength = probe.GetScratchLength();
                byte[]? rented = scratchLength > 0 ? ArrayPool<byte>.Shared.Rent(scratchLength) : null;
                bool ok = probe.TryReadPropertyName(rented, out _);
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }

                if (!ok)
                {
                    return false;
                }
            }

            if (!probe.TrySkipValue())
            {
                return false;
            }

            count++;
        }
    }
}
