using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Serialization.Json;
using EdgeWamp.Protocol.Serialization.MsgPack;
using EdgeWamp.Protocol.Serialization.UbJson;

namespace EdgeWamp.Protocol.Codec;

/// <summary>
/// Looks up entries of an encoded Details or Options map without materialising it. Each lookup scans the map:
/// these maps hold a handful of short keys, so a scan costs less than building an index would.
/// </summary>
public readonly ref struct DetailsReader
{
    // Known option keys are short ASCII; a longer escaped key cannot match one.
    private const int KeyScratchLength = 128;

    private readonly WampSerializer _serializer;
    private readonly ReadOnlySpan<byte> _map;

    public DetailsReader(WampSerializer serializer, ReadOnlySpan<byte> map)
    {
        _serializer = serializer;
        _map = map;
    }

    /// <summary>The encoded map, in <see cref="Serializer"/>.</summary>
    public ReadOnlySpan<byte> Encoded => _map;

    public WampSerializer Serializer => _serializer;

    public bool TryGetKind(ReadOnlySpan<byte> key, out WampValueKind kind)
    {
        kind = WampValueKind.None;
        switch (_serializer)
        {
            case WampSerializer.Cbor: { scoped var r = new CborSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryPeekKind(out kind); }
            case WampSerializer.MsgPack: { scoped var r = new MsgPackSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryPeekKind(out kind); }
            case WampSerializer.Json: { scoped var r = new JsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryPeekKind(out kind); }
            case WampSerializer.UbJson: { scoped var r = new UbJsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryPeekKind(out kind); }
            default: return false;
        }
    }

    public bool TryGetBoolean(ReadOnlySpan<byte> key, out bool value)
    {
        value = false;
        switch (_serializer)
        {
            case WampSerializer.Cbor: { scoped var r = new CborSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryReadBoolean(out value); }
            case WampSerializer.MsgPack: { scoped var r = new MsgPackSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryReadBoolean(out value); }
            case WampSerializer.Json: { scoped var r = new JsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryReadBoolean(out value); }
            case WampSerializer.UbJson: { scoped var r = new UbJsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryReadBoolean(out value); }
            default: return false;
        }
    }

    public bool TryGetUInt64(ReadOnlySpan<byte> key, out ulong value)
    {
        value = 0;
        switch (_serializer)
        {
            case WampSerializer.Cbor: { scoped var r = new CborSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryReadUInt64(out value); }
            case WampSerializer.MsgPack: { scoped var r = new MsgPackSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryReadUInt64(out value); }
            case WampSerializer.Json: { scoped var r = new JsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryReadUInt64(out value); }
            case WampSerializer.UbJson: { scoped var r = new UbJsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && r.TryReadUInt64(out value); }
            default: return false;
        }
    }

    /// <summary>Reads a string entry; the result is a slice of the map, or of <paramref name="scratch"/> when it was escaped.</summary>
    public bool TryGetString(ReadOnlySpan<byte> key, Span<byte> scratch, out ReadOnlySpan<byte> value)
    {
        value = default;
        switch (_serializer)
        {
            case WampSerializer.Cbor: { var r = new CborSpanReader(_map); return TryFind(ref r, key, scratch) && r.TryReadString(scratch, out value); }
            case WampSerializer.MsgPack: { var r = new MsgPackSpanReader(_map); return TryFind(ref r, key, scratch) && r.TryReadString(scratch, out value); }
            case WampSerializer.Json: { var r = new JsonSpanReader(_map); return TryFind(ref r, key, scratch) && r.TryReadString(scratch, out value); }
            case WampSerializer.UbJson: { var r = new UbJsonSpanReader(_map); return TryFind(ref r, key, scratch) && r.TryReadString(scratch, out value); }
            default: return false;
        }
    }

    /// <summary>The entry's value when it is a map, as a reader over it (e.g. HELLO.Details.roles.callee.features).</summary>
    public bool TryGetMap(ReadOnlySpan<byte> key, out DetailsReader map)
    {
        map = default;
        ReadOnlySpan<byte> encoded = default;
        bool found;
        switch (_serializer)
        {
            case WampSerializer.Cbor: { var r = new CborSpanReader(_map); found = TryFind(ref r, key, default) && TryReadMapSlice(ref r, _map, out encoded); break; }
            case WampSerializer.MsgPack: { var r = new MsgPackSpanReader(_map); found = TryFind(ref r, key, default) && TryReadMapSlice(ref r, _map, out encoded); break; }
            case WampSerializer.Json: { var r = new JsonSpanReader(_map); found = TryFind(ref r, key, default) && TryReadMapSlice(ref r, _map, out encoded); break; }
            case WampSerializer.UbJson: { var r = new UbJsonSpanReader(_map); found = TryFind(ref r, key, default) && r.TryBeginMarkedValue() && TryReadMapSlice(ref r, _map, out encoded); break; }
            default: return false;
        }

        if (found)
        {
            map = new DetailsReader(_serializer, encoded);
        }

        return found;
    }

    private static bool TryReadMapSlice<TReader>(scoped ref TReader reader, ReadOnlySpan<byte> whole, out ReadOnlySpan<byte> encoded)
        where TReader : IWampReader, allows ref struct
    {
        encoded = default;
        int start = reader.Position;
        if (!reader.TryPeekKind(out WampValueKind kind) || kind != WampValueKind.Map || !reader.TrySkipValue())
        {
            return false;
        }

        encoded = whole[start..reader.Position];
        return true;
    }

    /// <summary>Whether the entry is a list holding the string <paramref name="value"/> (e.g. HELLO.Details.authmethods).</summary>
    public bool ListContainsString(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        switch (_serializer)
        {
            case WampSerializer.Cbor: { scoped var r = new CborSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && ListContains(ref r, value, stackalloc byte[KeyScratchLength]); }
            case WampSerializer.MsgPack: { scoped var r = new MsgPackSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && ListContains(ref r, value, stackalloc byte[KeyScratchLength]); }
            case WampSerializer.Json: { scoped var r = new JsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && ListContains(ref r, value, stackalloc byte[KeyScratchLength]); }
            case WampSerializer.UbJson: { scoped var r = new UbJsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && ListContains(ref r, value, stackalloc byte[KeyScratchLength]); }
            default: return false;
        }
    }

    /// <summary>Whether the entry is a list holding the integer <paramref name="value"/> (e.g. PUBLISH.Options.exclude).</summary>
    public bool ListContainsUInt64(ReadOnlySpan<byte> key, ulong value)
    {
        switch (_serializer)
        {
            case WampSerializer.Cbor: { scoped var r = new CborSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && ListContains(ref r, value); }
            case WampSerializer.MsgPack: { scoped var r = new MsgPackSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && ListContains(ref r, value); }
            case WampSerializer.Json: { scoped var r = new JsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && ListContains(ref r, value); }
            case WampSerializer.UbJson: { scoped var r = new UbJsonSpanReader(_map); return TryFind(ref r, key, stackalloc byte[KeyScratchLength]) && ListContains(ref r, value); }
            default: return false;
        }
    }

    private static bool ListContains<TReader>(scoped ref TReader reader, ulong value)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadStartArray(out ContainerCursor cursor))
        {
            return false;
        }

        while (reader.MoveNext(ref cursor) == NextItem.Item)
        {
            if (reader.TryReadUInt64(out ulong item))
            {
                if (item == value)
                {
                    return true;
                }
            }
            else if (!reader.TrySkipValue())
            {
                return false;
            }
        }

        return false;
    }

    internal static bool ListContains<TReader>(scoped ref TReader reader, ReadOnlySpan<byte> value, Span<byte> scratch)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadStartArray(out ContainerCursor cursor))
        {
            return false;
        }

        while (reader.MoveNext(ref cursor) == NextItem.Item)
        {
            if (reader.GetScratchLength() <= scratch.Length && reader.TryReadString(scratch, out ReadOnlySpan<byte> item))
            {
                if (item.SequenceEqual(value))
                {
                    return true;
                }
            }
            else if (!reader.TrySkipValue())
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Positions <paramref name="reader"/> on the value of <paramref name="key"/>. Escaped keys longer than scratch use a pooled buffer.</summary>
    private static bool TryFind<TReader>(scoped ref TReader reader, ReadOnlySpan<byte> key, Span<byte> scratch)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadStartMap(out ContainerCursor cursor))
        {
            return false;
        }

        while (reader.MoveNext(ref cursor) == NextItem.Item)
        {
            int needed = reader.GetScratchLength();
            byte[]? rented = needed > scratch.Length ? System.Buffers.ArrayPool<byte>.Shared.Rent(needed) : null;
            try
            {
                if (!reader.TryReadPropertyName(rented ?? scratch, out ReadOnlySpan<byte> name))
                {
                    return false;
                }

                if (name.SequenceEqual(key))
                {
                    return true;
                }
            }
            finally
            {
                if (rented is not null)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                }
            }

            if (!reader.TrySkipValue())
            {
                return false;
            }
        }

        return false;
    }
}
