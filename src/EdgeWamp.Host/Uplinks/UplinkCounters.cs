namespace EdgeWamp.Host.Uplinks;

/// <summary>What an uplink has done since the router started; read by the status procedure.</summary>
internal sealed class UplinkCounters
{
    private long _forwarded;
    private long _delivered;
    private long _callsUp;
    private long _callsDown;
    private long _droppedOffline;
    private long _rejected;
    private long _connects;

    /// <summary>Local events published upstream (acknowledged ones for durable topics).</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Upstream events published locally.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Local calls forwarded to upstream procedures.</summary>
    public long CallsUp => Interlocked.Read(ref _callsUp);

    /// <summary>Upstream calls of local procedures.</summary>
    public long CallsDown => Interlocked.Read(ref _callsDown);

    /// <summary>Events on non-durable topics published while the upstream was unreachable, so not sent.</summary>
    public long DroppedOffline => Interlocked.Read(ref _droppedOffline);

    /// <summary>Queued events the upstream refused with an ERROR (e.g. not authorized): dropped so the rest can go.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Successful connections to the upstream.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    public void AddForwarded() => Interlocked.Increment(ref _forwarded);

    public void AddDelivered() => Interlocked.Increment(ref _delivered);

    public void AddCallUp() => Interlocked.Increment(ref _callsUp);

    public void AddCallDown() => Interlocked.Increment(ref _callsDown);

    public void AddDroppedOffline() => Interlocked.Increment(ref _droppedOffline);

    public void AddRejected() => Interlocked.Increment(ref _rejected);

    public void AddConnect() => Interlocked.Increment(ref _connects);
}
