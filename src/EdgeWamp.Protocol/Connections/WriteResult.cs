namespace EdgeWamp.Protocol.Connections;

/// <summary>What happened to a message handed to <see cref="IWampConnection.TryWrite"/>.</summary>
public enum WriteResult : byte
{
    Written,

    /// <summary>The connection's outgoing queue is at its bound: the peer is not reading fast enough.</summary>
    Full,

    /// <summary>The message exceeds the largest message the peer accepts.</summary>
    TooLarge,

    /// <summary>The connection is closing or closed.</summary>
    Closed,
}
