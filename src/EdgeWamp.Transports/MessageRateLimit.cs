namespace EdgeWamp.Transports;

/// <summary>
/// How many messages per second one connection may send: a token bucket refilled at <see cref="MessagesPerSecond"/>
/// that holds at most <see cref="Burst"/> tokens. Over the limit the router stops reading from that connection until a
/// token is due, so TCP's own flow control slows the sender down (backpressure); nothing is dropped or refused.
/// </summary>
public sealed class MessageRateLimit
{
    /// <summary>The sustained rate; must be positive.</summary>
    public required double MessagesPerSecond { get; init; }

    /// <summary>How many messages may arrive at once after a quiet spell; at least 1.</summary>
    public required int Burst { get; init; }
}
