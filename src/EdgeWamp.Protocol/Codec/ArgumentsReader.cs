using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Serialization.Json;
using EdgeWamp.Protocol.Serialization.MsgPack;
using EdgeWamp.Protocol.Serialization.UbJson;

namespace EdgeWamp.Protocol.Codec;

/// <summary>
/// Reads single values from an encoded payload (Arguments and ArgumentsKw), for the few calls the router answers
/// itself (meta procedures). Routed payloads are never read.
/// </summary>
public readonly ref struct ArgumentsReader
{
    private readonly EncodedPayload _payload;

    public ArgumentsReader(EncodedPayload payload)
    {
        _payload = payload;
    }

    public int ArgumentCount
    {
        get
        {
            if (_payload.Count == 0)
            {
                return 0;
            }

            ReadOnlySpan<byte> list = _payload.Bytes;
            return _payload.Serializer switch
            {
                WampSerializer.Cbor => Count(new CborSpanReader(list)),
                WampSerializer.MsgPack => Count(new MsgPackSpanReader(list)),
                WampSerializer.Json => Count(new JsonSpanReader(list)),
                WampSerializer.UbJson => Count(new UbJsonSpanReader(list)),
                _ => 0,
            };
        }
    }

    /// <summary>The keyword arguments as a map reader (empty when there are none).</summary>
    public DetailsReader Keywords
    {
        get
        {
            if (_payload.Count < 2)
            {
                return default;
            }

            return _payload.Serializer switch
            {
                WampSerializer.Cbor => KeywordsOf(new CborSpanReader(_payload.Bytes)),
                WampSerializer.MsgPack => KeywordsOf(new MsgPackSpanReader(_payload.Bytes)),
                WampSerializer.Json => KeywordsOf(new JsonSpanReader(_payload.Bytes), isJson: true),
                WampSerializer.UbJson => KeywordsOf(new UbJsonSpanReader(_payload.Bytes)),
                _ => default,
            };
        }
    }

    public bool TryGetUInt64(int index, out ulong value)
    {
        value = 0;
        switch (_payload.Serializer)
        {
            case WampSerializer.Cbor: { var r = new CborSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryReadUInt64(out value); }
            case WampSerializer.MsgPack: { var r = new MsgPackSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryReadUInt64(out value); }
            case WampSerializer.Json: { var r = new JsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryReadUInt64(out value); }
            case WampSerializer.UbJson: { var r = new UbJsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryReadUInt64(out value); }
            default: return false;
        }
    }

    /// <summary>Reads a string argument; the result is a slice of the payload, or of <paramref name="scratch"/> when escaped.</summary>
    public bool TryGetString(int index, Span<byte> scratch, out ReadOnlySpan<byte> value)
    {
        value = default;
        switch (_payload.Serializer)
        {
            case WampSerializer.Cbor: { var r = new CborSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.GetScratchLength() <= scratch.Length && r.TryReadString(scratch, out value); }
            case WampSerializer.MsgPack: { var r = new MsgPackSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryReadString(scratch, out value); }
            case WampSerializer.Json: { var r = new JsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.GetScratchLength() <= scratch.Length && r.TryReadString(scratch, out value); }
            case WampSerializer.UbJson: { var r = new UbJsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.GetScratchLength() <= scratch.Length && r.TryReadString(scratch, out value); }
            default: return false;
        }
    }

    /// <summary>Splits the payload into its Arguments item and its ArgumentsKw item (each a one-item payload, possibly empty).</summary>
    public bool TrySplit(out EncodedPayload arguments, out EncodedPayload keywords)
    {
        arguments = default;
        keywords = default;
        if (_payload.Count == 0)
        {
            return true;
        }

        int argumentsEnd;
        switch (_payload.Serializer)
        {
            case WampSerializer.Cbor: { var r = new CborSpanReader(_payload.Bytes); if (!r.TrySkipValue()) { return false; } argumentsEnd = r.Position; break; }
            case WampSerializer.MsgPack: { var r = new MsgPackSpanReader(_payload.Bytes); if (!r.TrySkipValue()) { return false; } argumentsEnd = r.Position; break; }
            case WampSerializer.Json: { var r = new JsonSpanReader(_payload.Bytes); if (!r.TrySkipValue()) { return false; } argumentsEnd = r.Position; break; }
            case WampSerializer.UbJson: { var r = new UbJsonSpanReader(_payload.Bytes); if (!r.TrySkipValue()) { return false; } argumentsEnd = r.Position; break; }
            default: return false;
        }

        arguments = new EncodedPayload(_payload.Serializer, _payload.Bytes[..argumentsEnd], 1);
        if (_payload.Count == 2)
        {
            ReadOnlySpan<byte> rest = _payload.Bytes[argumentsEnd..];
            if (_payload.Serializer == WampSerializer.Json)
            {
                // Past the comma (and any whitespace) that separates the two items.
                rest = rest[(rest.IndexOf((byte)',') + 1)..];
            }

            keywords = new EncodedPayload(_payload.Serializer, rest, 1);
        }

        return true;
    }

    /// <summary>Whether args[0] is a list holding the string <paramref name="value"/> (e.g. wamp.session.count's filter_authroles).</summary>
    public bool FirstListContainsString(ReadOnlySpan<byte> value)
    {
        switch (_payload.Serializer)
        {
            case WampSerializer.Cbor: { scoped var r = new CborSpanReader(_payload.Bytes); return TryMoveTo(ref r, 0) && DetailsReader.ListContains(ref r, value, stackalloc byte[256]); }
            case WampSerializer.MsgPack: { scoped var r = new MsgPackSpanReader(_payload.Bytes); return TryMoveTo(ref r, 0) && DetailsReader.ListContains(ref r, value, stackalloc byte[256]); }
            case WampSerializer.Json: { scoped var r = new JsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, 0) && DetailsReader.ListContains(ref r, value, stackalloc byte[256]); }
            case WampSerializer.UbJson: { scoped var r = new UbJsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, 0) && DetailsReader.ListContains(ref r, value, stackalloc byte[256]); }
            default: return false;
        }
    }

    /// <summary>args[<paramref name="index"/>] when it is a map (e.g. an options dict passed positionally).</summary>
    public bool TryGetOptionsMap(int index, out DetailsReader map)
    {
        map = default;
        switch (_payload.Serializer)
        {
            case WampSerializer.Cbor: { var r = new CborSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && TryMap(ref r, out map); }
            case WampSerializer.MsgPack: { var r = new MsgPackSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && TryMap(ref r, out map); }
            case WampSerializer.Json: { var r = new JsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && TryMap(ref r, out map); }
            case WampSerializer.UbJson: { var r = new UbJsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryBeginMarkedValue() && TryMap(ref r, out map); }
            default: return false;
        }
    }

    private bool TryMap<TReader>(scoped ref TReader reader, out DetailsReader map)
        where TReader : IWampReader, allows ref struct
    {
        map = default;
        if (!reader.TryPeekKind(out WampValueKind kind) || kind != WampValueKind.Map || !TrySlice(ref reader, _payload.Bytes, out ReadOnlySpan<byte> encoded))
        {
            return false;
        }

        map = new DetailsReader(_payload.Serializer, encoded);
        return true;
    }

    /// <summary>The kind of args[<paramref name="index"/>], when there is such an argument.</summary>
    public bool TryGetKind(int index, out WampValueKind kind)
    {
        kind = WampValueKind.None;
        switch (_payload.Serializer)
        {
            case WampSerializer.Cbor: { var r = new CborSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryPeekKind(out kind); }
            case WampSerializer.MsgPack: { var r = new MsgPackSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryPeekKind(out kind); }
            case WampSerializer.Json: { var r = new JsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryPeekKind(out kind); }
            default: return false;
        }
    }

    /// <summary>The encoded argument at <paramref name="index"/> (any type), as one item in the payload's serializer.</summary>
    public bool TryGetEncoded(int index, out ReadOnlySpan<byte> encoded)
    {
        encoded = default;
        switch (_payload.Serializer)
        {
            case WampSerializer.Cbor: { var r = new CborSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && TrySlice(ref r, _payload.Bytes, out encoded); }
            case WampSerializer.MsgPack: { var r = new MsgPackSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && TrySlice(ref r, _payload.Bytes, out encoded); }
            case WampSerializer.Json: { var r = new JsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && TrySlice(ref r, _payload.Bytes, out encoded); }
            case WampSerializer.UbJson: { var r = new UbJsonSpanReader(_payload.Bytes); return TryMoveTo(ref r, index) && r.TryBeginMarkedValue() && TrySlice(ref r, _payload.Bytes, out encoded); }
            default: return false;
        }
    }

    private static int Count<TReader>(TReader reader)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadStartArray(out ContainerCursor cursor))
        {
            return 0;
        }

        int count = 0;
        while (reader.MoveNext(ref cursor) == NextItem.Item && reader.TrySkipValue())
        {
            count++;
        }

        return count;
    }

    private DetailsReader KeywordsOf<TReader>(TReader reader, bool isJson = false)
        where TReader : IWampReader, allows ref struct
    {
        // Skip the Arguments list; in JSON a comma (and whitespace) separates it from ArgumentsKw.
        if (!reader.TrySkipValue())
        {
            return default;
        }

        if (isJson)
        {
            var separator = new ContainerCursor(-1, isMap: false) { Started = true };
            if (reader.MoveNext(ref separator) != NextItem.Item)
            {
                return default;
            }
        }

        int start = reader.Position;
        return reader.TrySkipValue() ? new DetailsReader(_payload.Serializer, _payload.Bytes[start..reader.Position]) : default;
    }

    private static bool TryMoveTo<TReader>(scoped ref TReader reader, int index)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadStartArray(out ContainerCursor cursor))
        {
            return false;
        }

        for (int i = 0; ; i++)
        {
            if (reader.MoveNext(ref cursor) != NextItem.Item)
            {
                return false;
            }

            if (i == index)
            {
                return true;
            }

            if (!reader.TrySkipValue())
            {
                return false;
            }
        }
    }

    private static bool TrySlice<TReader>(scoped ref TReader reader, ReadOnlySpan<byte> whole, out ReadOnlySpan<byte> encoded)
        where TReader : IWampReader, allows ref struct
    {
        int start = reader.Position;
        bool ok = reader.TrySkipValue();
        encoded = ok ? whole[start..reader.Position] : default;
        return ok;
    }
}
