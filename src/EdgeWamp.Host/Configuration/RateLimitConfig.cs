namespace EdgeWamp.Host.Configuration;

/// <summary>
/// A listener's message rate limit per connection: a token bucket. Over it the router reads nothing more from that
/// connection until a token is due, so TCP flow control slows the sender down; no message is dropped or refused.
/// </summary>
internal sealed class RateLimitConfig
{
    /// <summary>The sustained rate, in messages per second; must be positive.</summary>
    /// <remarks>Required.</remarks>
    public required double MessagesPerSecond { get; set; }

    /// <summary>How many messages may arrive back to back after a quiet spell.</summary>
    /// <remarks>Defaults to the rate per second rounded up (at least 1): one second's worth.</remarks>
    public int? Burst { get; set; }

    /// <summary>The burst in effect: <see cref="Burst"/>, or one second's worth of messages.</summary>
    /// <remarks>A method, not a property: the configuration's schema is read from its properties.</remarks>
    public int EffectiveBurst() => Burst ?? (int)Math.Max(1, Math.Ceiling(Math.Min(MessagesPerSecond, int.MaxValue)));
}
