using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

// Publish and subscribe: WAMP spec, Basic Profile, "Publish and Subscribe".

/// <summary>
/// [EVENT, SUBSCRIBED.Subscription|id, PUBLISHED.Publication|id, Details|dict, Arguments|list, ArgumentsKw|dict].
/// Details.publisher (with publisher_authid and publisher_authrole) and Details.topic are written only when set
/// (publisher identification, pattern-based subscriptions).
/// </summary>
public readonly ref struct EventMessage : IWampMessage
{
    public ulong SubscriptionId { get; init; }

    public ulong PublicationId { get; init; }

    /// <summary>0 when the publisher is not disclosed.</summary>
    public ulong Publisher { get; init; }

    public ReadOnlySpan<byte> PublisherAuthId { get; init; }

    public ReadOnlySpan<byte> PublisherAuthRole { get; init; }

    /// <summary>The concrete topic, for subscriptions that matched by pattern; empty otherwise.</summary>
    public ReadOnlySpan<byte> Topic { get; init; }

    /// <summary>Details.retained: the event was stored by the broker and is delivered on subscribing (event retention).</summary>
    public bool Retained { get; init; }

    /// <summary>Details.trustlevel, when the router assigns one to the publisher's role.</summary>
    public int? TrustLevel { get; init; }

    /// <summary>Payload passthru mode (Details.ppt_scheme, ppt_serializer, ppt_cipher, ppt_keyid), forwarded untouched.</summary>
    public PassthruDetails Passthru { get; init; }

    public EncodedPayload Payload { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(4 + Payload.Count);
        writer.WriteUInt64((ulong)WampMessageType.Event);
        writer.WriteUInt64(SubscriptionId);
        writer.WriteUInt64(PublicationId);
        writer.WriteStartMap((Publisher != 0 ? 3 : 0) + (Topic.IsEmpty ? 0 : 1) + (Retained ? 1 : 0) + (TrustLevel is null ? 0 : 1) + Passthru.EntryCount);
        if (Retained)
        {
            writer.WritePropertyName("retained"u8);
            writer.WriteBoolean(true);
        }

        if (TrustLevel is { } trustLevel)
        {
            writer.WritePropertyName("trustlevel"u8);
            writer.WriteInt64(trustLevel);
        }

        Passthru.WriteEntries(ref writer);
        if (Publisher != 0)
        {
            writer.WritePropertyName("publisher"u8);
            writer.WriteUInt64(Publisher);
            writer.WritePropertyName("publisher_authid"u8);
            writer.WriteString(PublisherAuthId);
            writer.WritePropertyName("publisher_authrole"u8);
            writer.WriteString(PublisherAuthRole);
        }

        if (!Topic.IsEmpty)
        {
            writer.WritePropertyName("topic"u8);
            writer.WriteString(Topic);
        }

        writer.WriteEndMap();
        PayloadTranscoder.WriteItems(ref writer, Payload);
        writer.WriteEndArray();
    }
}

/// <summary>
/// Two-id acknowledgements: [PUBLISHED, Request|id, Publication|id], [SUBSCRIBED, Request|id, Subscription|id],
/// [UNSUBSCRIBE, Request|id, Subscription|id], [REGISTERED, Request|id, Registration|id], [UNREGISTER, Request|id, Registration|id].
/// </summary>
public readonly ref struct RequestIdPairMessage : IWampMessage
{
    public WampMessageType Type { get; init; }

    public ulong RequestId { get; init; }

    public ulong Id { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)Type);
        writer.WriteUInt64(RequestId);
        writer.WriteUInt64(Id);
        writer.WriteEndArray();
    }
}

/// <summary>[UNSUBSCRIBED, Request|id] and [UNREGISTERED, Request|id].</summary>
public readonly ref struct RequestIdMessage : IWampMessage
{
    public WampMessageType Type { get; init; }

    public ulong RequestId { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(2);
        writer.WriteUInt64((ulong)Type);
        writer.WriteUInt64(RequestId);
        writer.WriteEndArray();
    }
}

/// <summary>
/// A revocation (WAMP spec, "Subscription Revocation" and "Registration Revocation"): the router ends a subscription or
/// registration itself, with [UNSUBSCRIBED, 0, Details|dict] or [UNREGISTERED, 0, Details|dict] where Details carry the
/// subscription or registration id and the reason.
/// </summary>
public readonly ref struct RevocationMessage : IWampMessage
{
    /// <summary>UNSUBSCRIBED or UNREGISTERED.</summary>
    public WampMessageType Type { get; init; }

    /// <summary>The subscription or registration id.</summary>
    public ulong Id { get; init; }

    /// <summary>"subscription" or "registration".</summary>
    public ReadOnlySpan<byte> IdKey { get; init; }

    public ReadOnlySpan<byte> Reason { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)Type);
        writer.WriteUInt64(0);
        writer.WriteStartMap(Reason.IsEmpty ? 1 : 2);
        writer.WritePropertyName(IdKey);
        writer.WriteUInt64(Id);
        if (!Reason.IsEmpty)
        {
            writer.WritePropertyName("reason"u8);
            writer.WriteString(Reason);
        }

        writer.WriteEndMap();
        writer.WriteEndArray();
    }
}
