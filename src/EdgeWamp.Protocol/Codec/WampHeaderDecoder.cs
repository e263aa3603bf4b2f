using System.Text.Unicode;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Serialization.Json;
using EdgeWamp.Protocol.Serialization.MsgPack;
using EdgeWamp.Protocol.Serialization.UbJson;

namespace EdgeWamp.Protocol.Codec;

/// <summary>
/// Decodes the header of one WAMP message (one RawSocket frame or WebSocket message) and leaves the payload encoded.
/// Never throws on peer input and never allocates.
/// </summary>
/// <remarks>
/// Besides the message structure it checks, in the pass that skips them, that the Details/Options map and the payload
/// lie within the WAMP data model (<see cref="WampDataModel"/>), so that whatever it accepts can be forwarded to a peer
/// of any serializer, and that the known Options/Details entries have their spec types (<see cref="OptionsValidator"/>).
/// </remarks>
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

            case WampSerializer.UbJson:
                {
                    // Like JSON's whitespace, UBJSON no-op markers may follow the message.
                    var reader = new UbJsonSpanReader(message);
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
        // WAMP spec, "Message Structure": a message is an array whose first element is the message code.
        if (!reader.TryReadStartArray(out ContainerCursor cursor))
        {
            return reader.TrySkipValue() ? DecodeStatus.NotAMessage : DecodeStatus.Malformed;
        }

        switch (reader.MoveNext(ref cursor))
        {
            case NextItem.Malformed:
                return DecodeStatus.Malformed;
            case NextItem.End:
                return DecodeStatus.NotAMessage;
        }

        if (!reader.TryReadUInt64(out ulong code))
        {
            return SkipRest(ref reader, ref cursor, skipCurrent: true, DecodeStatus.NotAMessage);
        }

        // Any unsigned integer is a message code; one this codec does not implement (including provisional codes beyond
        // a byte, e.g. EVENT_RECEIVED = 337) is an unknown type, not "not a message".
        ReadOnlySpan<byte> layout = code <= byte.MaxValue ? MessageLayout.For((WampMessageType)code) : default;
        if (layout.IsEmpty)
        {
            return SkipRest(ref reader, ref cursor, skipCurrent: false, DecodeStatus.UnknownMessageType);
        }

        header.Type = (WampMessageType)code;
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

    /// <summary>
    /// Skips the remaining elements of a message already known to be refused with <paramref name="status"/>, so that a
    /// message that is also not well formed is reported as <see cref="DecodeStatus.Malformed"/> (the cold path only).
    /// </summary>
    private static DecodeStatus SkipRest<TReader>(scoped ref TReader reader, scoped ref ContainerCursor cursor, bool skipCurrent, DecodeStatus status)
        where TReader : IWampReader, allows ref struct
    {
        if (skipCurrent && !reader.TrySkipValue())
        {
            return DecodeStatus.Malformed;
        }

        while (true)
        {
            switch (reader.MoveNext(ref cursor))
            {
                case NextItem.End:
                    return status;
                case NextItem.Malformed:
                    return DecodeStatus.Malformed;
            }

            if (!reader.TrySkipValue())
            {
                return DecodeStatus.Malformed;
            }
        }
    }

    /// <summary>ERROR.REQUEST.Type|int: the code of a message this codec knows.</summary>
    private static DecodeStatus ReadRequestType<TReader>(scoped ref TReader reader, scoped ref MessageHeader header)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadUInt64(out ulong type))
        {
            return ReadFailure(ref reader);
        }

        // The integer has been consumed: an unknown code is a structure error, with nothing left to skip.
        if (type > byte.MaxValue || MessageLayout.For((WampMessageType)type).IsEmpty)
        {
            return DecodeStatus.InvalidStructure;
        }

        header.RequestType = (WampMessageType)type;
        return DecodeStatus.Ok;
    }

    /// <summary>WAMP spec, "Identifiers": an id is an integer in [0, 2^53].</summary>
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

    /// <summary>
    /// Details|dict or Options|dict: kept as a slice, checked to lie in the WAMP data model (it may be forwarded and
    /// transcoded), and its known entries checked against their spec types (<see cref="OptionsValidator"/>).
    /// </summary>
    private static DecodeStatus ReadDetails<TReader>(scoped ref TReader reader, ReadOnlySpan<byte> message, scoped ref MessageHeader header)
        where TReader : IWampReader, allows ref struct
    {
        int start = reader.Position;
        if (!reader.TryPeekKind(out WampValueKind kind) || kind != WampValueKind.Map)
        {
            return ReadFailure(ref reader);
        }

        // A copy positioned on the map, for the second walk over its (few) entries.
        TReader options = reader;
        if (!reader.TrySkipWampValue(out bool outsideModel))
        {
            return outsideModel ? DecodeStatus.InvalidStructure : DecodeStatus.Malformed;
        }

        if (!OptionsValidator.IsValid(options, header.Type))
        {
            return DecodeStatus.InvalidStructure;
        }

        header.Details = message[start..reader.Position];
        return DecodeStatus.Ok;
    }

    /// <summary>A URI or string element; like every text it must be valid UTF-8 (<see cref="WampDataModel"/>).</summary>
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

        if (!Utf8.IsValid(text))
        {
            return DecodeStatus.InvalidStructure;
        }

        header.Text = text;
        return DecodeStatus.Ok;
    }

    /// <summary>
    /// Arguments|list, then optionally ArgumentsKw|dict; both are checked for well-formedness and the WAMP data model,
    /// and kept as one slice. In Payload Passthru Mode (WAMP spec, Advanced Profile "Payload Passthru Mode", and the
    /// spec's test vectors) a single binary item stands where Arguments|list belongs, with nothing after it: the payload
    /// is then that one opaque item, forwarded untouched.
    /// </summary>
    private static DecodeStatus ReadPayload<TReader>(scoped ref TReader reader, ReadOnlySpan<byte> message, ref ContainerCursor cursor, scoped ref MessageHeader header)
        where TReader : IWampReader, allows ref struct
    {
        int start = reader.Position;
        if (!reader.TryPeekKind(out WampValueKind kind) || kind is not (WampValueKind.Array or WampValueKind.Bytes))
        {
            return ReadFailure(ref reader);
        }

        bool passthru = kind == WampValueKind.Bytes;
        DecodeStatus status = SkipPayloadItem(ref reader);
        if (status != DecodeStatus.Ok)
        {
            return status;
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
                if (passthru)
                {
                    // A transparent payload is the whole payload: no ArgumentsKw follows it.
                    return SkipRest(ref reader, ref cursor, skipCurrent: true, DecodeStatus.InvalidStructure);
                }

                if (!reader.TryPeekKind(out kind) || kind != WampValueKind.Map)
                {
                    return ReadFailure(ref reader);
                }

                status = SkipPayloadItem(ref reader);
                if (status != DecodeStatus.Ok)
                {
                    return status;
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

    private static DecodeStatus SkipPayloadItem<TReader>(scoped ref TReader reader)
        where TReader : IWampReader, allows ref struct
    {
        if (reader.TrySkipWampValue(out bool outsideModel))
        {
            return DecodeStatus.Ok;
        }

        return outsideModel ? DecodeStatus.InvalidStructure : DecodeStatus.Malformed;
    }

    /// <summary>An element of the wrong type is a structure error; one that is not even well formed is malformed.</summary>
    private static DecodeStatus ReadFailure<TReader>(scoped ref TReader reader)
        where TReader : IWampReader, allows ref struct
    {
        return reader.TrySkipValue() ? DecodeStatus.InvalidStructure : DecodeStatus.Malformed;
    }
}
