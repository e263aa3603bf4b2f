namespace EdgeWamp.Host.Uplinks;

/// <summary>An uplink's state and queue figures at one moment.</summary>
internal readonly record struct UplinkSnapshot(UplinkState State, string Reason, int QueueDepth, long QueueBytes, ulong Dropped);
