using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Serialization.Json;
using EdgeWamp.Protocol.Serialization.MsgPack;

namespace EdgeWamp.Protocol.Codec;

/// <summary>
/// Decodes the header of one WAMP message (one RawSocket frame or WebSocket message) and leaves the payload encoded.
/// Never throws on peer input and never allocates.
/// </summary>
public static class WampHeaderDecoder
{
    /// <summary>WAMP spec, "Identifiers": ids are integers in [1, 2^53], so they are exact in IEEE-754 doubles.</summary>
    public const ulong MaxId = 1UL << 53;

    /// <summary>
    /// Scratch bytes a JSON message may need for unescaping its URI. URIs longer than this are refused when escaped.
    /// </summary>
    public const int ScratchLength = 1024;

    /// <summary>Decodes <paramref name="message"/>. <paramref name="scratch"/> holds unescaped JSON text and must live as long as the header.</summary>
    public static DecodeStatus TryDecode(WampSerializer serializer, ReadOnlySpan<byte> message, Span<byte> scratch, out MessageHeader header)
    {
        header = default;
        DecodeStatus result = TryDecodeCore(serializer, message, scratch, ref header);
        return result;
    }

    private static DecodeStatus TryDecodeCore(WampSerializer serializer, ReadOnlySpan<byte> message, Span<byte> scratch, ref MessageHeader header)
    {
        header.Serializer = serializer;
        switch (serializer)
        {
            case WampSerializer.Cbor:
                {
                    var reader = new CborSpanReader(message);
                    DecodeStatus status = TryDecode(ref reader, message, scratch, ref header);
                    return status == DecodeStatus.Ok && reader.Position != message.Length ? DecodeStatus.TrailingData : status;
                }

            case WampSerializer.MsgPack:
                {
                    var reader = new MsgPackSpanReader(message);
                    DecodeStatus status = TryDecode(ref reader, message, scratch, ref header);
                    return status == DecodeStatus.Ok && reader.Position != message.Length ? DecodeStatus.TrailingData : status;
                }

            case WampSerializer.Json:
                {
                    var reader = new JsonSpanReader(message);
                    DecodeStatus status = TryDecode(ref reader, message, scratch, ref header);
                    return status == DecodeStatus.Ok && !reader.IsAtEnd ? DecodeStatus.TrailingData : status;
                }

            default:
                return DecodeStatus.Malformed;
        }
    }

    private static DecodeStatus TryDecode<TReader>(scoped ref TReader reader, ReadOnlySpan<byte> message, Span<byte> scratch, scoped ref MessageHeader header)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadStartArray(out ContainerCursor cursor))
        {
            return reader.TrySkipValue() ? DecodeStatus.NotAMessage : DecodeStatus.Malformed;
        }

        if (reader.MoveNext(ref cursor) != NextItem.Item || !reader.TryReadUInt64(out ulong code) || code > byte.MaxValue)
        {
            return DecodeStatus.NotAMessage;
        }

        header.Type = (WampMessageType)code;
        ReadOnlySpan<byte> layout = MessageLayout.For(header.Type);
        if (layout.IsEmpty)
        {
            return DecodeStatus.UnknownMessageType;
        }

        int idCount = 0;
        foreach (byte field in layout)
        {
            NextItem next = reader.MoveNext(ref cursor);
            if (next == NextItem.Malformed)
            {
                return DecodeStatus.Malformed;
            }

            if (next == NextItem.End)
            {
                // Only optional trailing elements may be missing.
                return field is MessageLayout.OptionalDetails or MessageLayout.Payload ? DecodeStatus.Ok : DecodeStatus.InvalidStructure;
            }

            DecodeStatus status = field switch
            {
                MessageLayout.RequestType => ReadRequestType(ref reader, ref header),
                MessageLayout.Id => ReadId(ref reader, ref header, idCount++),
                MessageLayout.Details or MessageLayout.OptionalDetails => ReadDetails(ref reader, message, ref header),
                MessageLayout.Uri or MessageLayout.Text => ReadText(ref reader, scratch, ref header),
                _ => ReadPayload(ref reader, message, ref cursor, ref header),
            };
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (field == MessageLayout.Payload)
            {
                return DecodeStatus.Ok;
            }
        }

        return reader.MoveNext(ref cursor) switch
        {
            NextItem.End => DecodeStatus.Ok,
            NextItem.Item => DecodeStatus.InvalidStructure,
            _ => DecodeStatus.Malformed,
        };
    }

    private static DecodeStatus ReadRequestType<TReader>(scoped ref TReader reader, scoped ref MessageHeader header)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadUInt64(out ulong type) || type > byte.MaxValue || MessageLayout.For((WampMessageType)type).IsEmpty)
        {
            return ReadFailure(ref reader);
        }

        header.RequestType = (WampMessageType)type;
        return DecodeStatus.Ok;
    }

    private static DecodeStatus ReadId<TReader>(scoped ref TReader reader, ref MessageHeader header, int index)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadUInt64(out ulong id))
        {
            return ReadFailure(ref reader);
        }

        if (id > MaxId)
        {
            return DecodeStatus.IdOutOfRange;
        }

        if (index == 0)
        {
            header.FirstId = id;
        }
        else
        {
            header.SecondId = id;
        }

        return DecodeStatus.Ok;
    }

    private static DecodeStatus ReadDetails<TReader>(scoped ref TReader reader, ReadOnlySpan<byte> message, scoped ref MessageHeader header)
        where TReader : IWampReader, allows ref struct
    {
        int start = reader.Position;
        if (!reader.TryPeekKind(out WampValueKind kind) || kind != WampValueKind.Map)
        {
            return ReadFailure(ref reader);
        }

        if (!reader.TrySkipValue())
        {
            return DecodeStatus.Malformed;
        }

        header.Details = message[start..reader.Position];
        return DecodeStatus.Ok;
    }

    private static DecodeStatus ReadText<TReader>(scoped ref TReader reader, Span<byte> scratch, scoped ref MessageHeader header)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryPeekKind(out WampValueKind kind) || kind != WampValueKind.String)
        {
            return ReadFailure(ref reader);
        }

        if (reader.GetScratchLength() > scratch.Length || !reader.TryReadString(scratch, out ReadOnlySpan<byte> text))
        {
            return DecodeStatus.Malformed;
        }

        header.Text = text;
        return DecodeStatus.Ok;
    }

    /// <summary>Arguments|list, then optionally ArgumentsKw|dict; both are checked for well-formedness and kept as one slice.</summary>
    private static DecodeStatus ReadPayload<TReader>(scoped ref TReader reader, ReadOnlySpan<byte> message, ref ContainerCursor cursor, scoped ref MessageHeader header)
        where TReader : IWampReader, allows ref struct
    {
        int start = reader.Position;
        if (!reader.TryPeekKind(out WampValueKind kind) || kind != WampValueKind.Array)
        {
            return ReadFailure(ref reader);
        }

        if (!reader.TrySkipValue())
        {
            return DecodeStatus.Malformed;
        }

        // Record the end right after each item: in JSON, MoveNext goes on to consume separators and the closing bracket.
        int end = reader.Position;
        int count = 1;
        switch (reader.MoveNext(ref cursor))
        {
            case NextItem.End:
                break;
            case NextItem.Malformed:
                return DecodeStatus.Malformed;
            default:
                if (!reader.TryPeekKind(out kind) || kind != WampValueKind.Map)
                {
                    return ReadFailure(ref reader);
                }

                if (!reader.TrySkipValue())
                {
                    return DecodeStatus.Malformed;
                }

                end = reader.Position;
                count = 2;
                NextItem after = reader.MoveNext(ref cursor);
                if (after != NextItem.End)
                {
                    return after == NextItem.Malformed ? DecodeStatus.Malformed : DecodeStatus.InvalidStructure;
                }

                break;
        }

        header.Payload = message[start..end];
        header.PayloadCount = count;
        return DecodeStatus.Ok;
    }

    /// <summary>An element of the wrong type is a structure error; one that is not even well formed is malformed.</summary>
    private static DecodeStatus ReadFailure<TReader>(scoped ref TReader reader)
        where TReader : IWampReader, allows ref struct
    {
        return reader.TrySkipValue() ? DecodeStatus.InvalidStructure : DecodeStatus.Malformed;
    }
}
