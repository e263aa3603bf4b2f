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

    /// <summary>When queue writes are forced to the medium: "always", "batch" (at most once a second) or "never".</summary>
    /// <remarks>Defaults to "batch": survives a crash of the router; a power cut may lose the last second.</remarks>
    public string Fsync { get; set; } = "batch";

    /// <summary>Where the queue's segment files live.</summary>
    /// <remarks>Defaults to <c>uplinks/&lt;name&gt;</c> under the state directory ($STATE_DIRECTORY, else /var/lib/edgewamp for root, else $XDG_STATE_HOME/edgewamp or ~/.local/state/edgewamp).</remarks>
    public string? Directory { get; set; }
}
