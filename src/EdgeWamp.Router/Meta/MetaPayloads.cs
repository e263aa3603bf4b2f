using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Meta;

// Payloads of the meta API's results and events (WAMP spec, "Session Meta API", "Subscription Meta API",
// "Registration Meta API"), written straight into the recipient's serializer.

/// <summary>No payload: procedures that return nothing.</summary>
internal readonly struct EmptyPayload : IPayloadWriter
{
    public int Count => 0;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
    }
}

/// <summary>[n]</summary>
internal readonly struct CountPayload(long count) : IPayloadWriter
{
    public int Count => 1;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(1);
        writer.WriteInt64(count);
        writer.WriteEndArray();
    }
}

/// <summary>[id] or [null]</summary>
internal readonly struct OptionalIdPayload(ulong id) : IPayloadWriter
{
    public int Count => 1;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(1);
        if (id == 0)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteUInt64(id);
        }

        writer.WriteEndArray();
    }
}

/// <summary>[[id, ...]]</summary>
internal readonly struct IdListPayload(List<ulong> ids) : IPayloadWriter
{
    public int Count => 1;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(1);
        MetaWriting.WriteIds(ref writer, ids);
        writer.WriteEndArray();
    }
}

/// <summary>[first, second]: e.g. on_subscribe's [session id, subscription id].</summary>
internal readonly struct IdPairPayload(ulong first, ulong second) : IPayloadWriter
{
    public int Count => 1;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(2);
        writer.WriteUInt64(first);
        writer.WriteUInt64(second);
        writer.WriteEndArray();
    }
}

/// <summary>[{session, authid, authrole, authmethod, authprovider, transport}]: wamp.session.get and wamp.session.on_join.</summary>
internal readonly struct SessionDetailsPayload(WampSession session) : IPayloadWriter
{
    public int Count => 1;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(1);
        writer.WriteStartMap(6);
        writer.WritePropertyName("session"u8);
        writer.WriteUInt64(session.Id);
        writer.WritePropertyName("authid"u8);
        writer.WriteString(session.Utf8AuthId);
        writer.WritePropertyName("authrole"u8);
        writer.WriteString(session.Role!.Utf8Name);
        writer.WritePropertyName("authmethod"u8);
        writer.WriteString(session.Utf8AuthMethod);
        writer.WritePropertyName("authprovider"u8);
        // The router's own in-process sessions (method "trusted") come from no configuration entry.
        writer.WriteString(session.Utf8AuthMethod.AsSpan().SequenceEqual("trusted"u8) ? "internal"u8 : "static"u8);
        writer.WritePropertyName("transport"u8);
        writer.WriteStartMap(1);
        writer.WritePropertyName("peer"u8);
        writer.WriteString(System.Text.Encoding.UTF8.GetBytes(session.Transport));
        writer.WriteEndMap();
        writer.WriteEndMap();
        writer.WriteEndArray();
    }
}

/// <summary>[session, authid, authrole]: wamp.session.on_leave.</summary>
internal readonly struct SessionLeftPayload(ulong sessionId, byte[] authId, byte[] authRole) : IPayloadWriter
{
    public int Count => 1;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64(sessionId);
        writer.WriteString(authId);
        writer.WriteString(authRole);
        writer.WriteEndArray();
    }
}

/// <summary>[{id, created, uri, match}] (get), or [session, {id, created, uri, match}] (on_create).</summary>
internal readonly struct EntryDetailsPayload(ulong sessionId, ulong id, DateTimeOffset created, byte[] uri, Uris.UriMatchPolicy match, bool invokeKnown, Dealer.InvocationPolicy invoke) : IPayloadWriter
{
    public int Count => 1;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(sessionId == 0 ? 1 : 2);
        if (sessionId != 0)
        {
            writer.WriteUInt64(sessionId);
        }

        writer.WriteStartMap(invokeKnown ? 5 : 4);
        writer.WritePropertyName("id"u8);
        writer.WriteUInt64(id);
        writer.WritePropertyName("created"u8);
        writer.WriteString(System.Text.Encoding.UTF8.GetBytes(created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)));
        writer.WritePropertyName("uri"u8);
        writer.WriteString(uri);
        writer.WritePropertyName("match"u8);
        writer.WriteString(MetaWriting.MatchName(match));
        if (invokeKnown)
        {
            writer.WritePropertyName("invoke"u8);
            writer.WriteString(MetaWriting.InvokeName(invoke));
        }

        writer.WriteEndMap();
        writer.WriteEndArray();
    }
}

/// <summary>[{exact: [ids], prefix: [ids], wildcard: [ids]}]: wamp.subscription.list and wamp.registration.list.</summary>
internal readonly struct ListByPolicyPayload(List<ulong> exact, List<ulong> prefix, List<ulong> wildcard) : IPayloadWriter
{
    public int Count => 1;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(1);
        writer.WriteStartMap(3);
        writer.WritePropertyName("exact"u8);
        MetaWriting.WriteIds(ref writer, exact);
        writer.WritePropertyName("prefix"u8);
        MetaWriting.WriteIds(ref writer, prefix);
        writer.WritePropertyName("wildcard"u8);
        MetaWriting.WriteIds(ref writer, wildcard);
        writer.WriteEndMap();
        writer.WriteEndArray();
    }
}

internal static class MetaWriting
{
    public static void WriteIds<TWriter>(ref TWriter writer, List<ulong> ids)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(ids.Count);
        foreach (ulong id in ids)
        {
            writer.WriteUInt64(id);
        }

        writer.WriteEndArray();
    }

    public static ReadOnlySpan<byte> MatchName(Uris.UriMatchPolicy match) => match switch
    {
        Uris.UriMatchPolicy.Prefix => "prefix"u8,
        Uris.UriMatchPolicy.Wildcard => "wildcard"u8,
        _ => "exact"u8,
    };

    public static ReadOnlySpan<byte> InvokeName(Dealer.InvocationPolicy invoke) => invoke switch
    {
        Dealer.InvocationPolicy.RoundRobin => "roundrobin"u8,
        Dealer.InvocationPolicy.Random => "random"u8,
        Dealer.InvocationPolicy.First => "first"u8,
        Dealer.InvocationPolicy.Last => "last"u8,
        _ => "single"u8,
    };
}

/// <summary>[[{timestamp, subscription, publication, details: {topic}, args, kwargs}, ...]]: wamp.subscription.get_events.</summary>
internal readonly struct EventHistoryPayload(Broker.Subscription subscription, List<Broker.StoredEvent> events) : IPayloadWriter
{
    public int Count => 1;

    public void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(1);
        writer.WriteStartArray(events.Count);
        foreach (Broker.StoredEvent stored in events)
        {
            var items = new Protocol.Codec.ArgumentsReader(stored.Payload);
            items.TrySplit(out Protocol.Codec.EncodedPayload args, out Protocol.Codec.EncodedPayload kwargs);
            writer.WriteStartMap(4 + args.Count + kwargs.Count);
            writer.WritePropertyName("timestamp"u8);
            writer.WriteString(System.Text.Encoding.UTF8.GetBytes(stored.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)));
            writer.WritePropertyName("subscription"u8);
            writer.WriteUInt64(subscription.Id);
            writer.WritePropertyName("publication"u8);
            writer.WriteUInt64(stored.PublicationId);
            writer.WritePropertyName("details"u8);
            writer.WriteStartMap(1);
            writer.WritePropertyName("topic"u8);
            writer.WriteString(stored.Topic);
            writer.WriteEndMap();
            if (args.Count > 0)
            {
                writer.WritePropertyName("args"u8);
                Protocol.Codec.PayloadTranscoder.WriteItems(ref writer, args);
            }

            if (kwargs.Count > 0)
            {
                writer.WritePropertyName("kwargs"u8);
                Protocol.Codec.PayloadTranscoder.WriteItems(ref writer, kwargs);
            }

            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteEndArray();
    }
}
