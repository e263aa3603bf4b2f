using EdgeWamp.Protocol.Codec;

namespace EdgeWamp.Client;

/// <summary>One EVENT as received: every span is a slice of the frame and is valid only during the handler call.</summary>
public readonly ref struct WampEvent
{
    public ulong SubscriptionId { get; init; }

    public ulong PublicationId { get; init; }

    /// <summary>The concrete topic: Details.topic for a pattern subscription, else the subscribed topic.</summary>
    public ReadOnlySpan<byte> Topic { get; init; }

    /// <summary>Details.publisher, or 0 when not disclosed.</summary>
    public ulong Publisher { get; init; }

    public DetailsReader Details { get; init; }

    public EncodedPayload Payload { get; init; }
}

/// <summary>Handles one EVENT on the session's receive loop: it must not block; copy what it keeps.</summary>
public delegate void WampEventReceiver(in WampEvent wampEvent);
