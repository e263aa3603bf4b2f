namespace EdgeWamp.Router;

/// <summary>
/// What the broker does with an EVENT for a subscriber whose outbox is full (it is not reading fast enough). Either way
/// routing never waits for it and its memory stays bounded by the outbox limit (DESIGN.md, "The message path").
/// RPC messages are never dropped: a RESULT or ERROR that cannot be queued closes the caller instead.
/// </summary>
public enum SlowConsumerPolicy : byte
{
    /// <summary>Drop the EVENT for that subscriber only and count it (<see cref="Sessions.WampSession.DroppedEvents"/>).</summary>
    Drop,

    /// <summary>Close the subscriber's connection: it gets no gaps, it gets cut off and may reconnect.</summary>
    Disconnect,
}
