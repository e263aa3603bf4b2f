namespace EdgeWamp.Router.Sessions;

/// <summary>What happened to a message handed to an <see cref="ISessionOutbox"/>.</summary>
public enum OutboxWriteResult : byte
{
    Written,

    /// <summary>The outbox is at its bound: the peer is not reading fast enough.</summary>
    Full,

    /// <summary>The message exceeds the largest message the peer accepts.</summary>
    TooLarge,

    /// <summary>The connection is closing or closed.</summary>
    Closed,
}
