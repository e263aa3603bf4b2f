namespace EdgeWamp.Host.Configuration;

/// <summary>Bounds of an uplink's store-and-forward queue; the oldest events go first when a bound is hit.</summary>
internal sealed class UplinkQueueConfig
{
    /// <summary>The most bytes of encoded events the queue holds.</summary>
    /// <remarks>Defaults to 10 MiB: hours of sensor readings, and small next to a board's memory.</remarks>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long, in seconds, a queued event stays worth sending.</summary>
    /// <remarks>Defaults to 86400 (one day).</remarks>
    public int MaxAgeSeconds { get; set; } = 86400;
}
