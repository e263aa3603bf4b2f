namespace EdgeWamp.Host.Configuration;

/// <summary>Resource bounds: every queue and buffer the router keeps per session is bounded by these.</summary>
internal sealed class LimitsConfig
{
    /// <summary>The largest message, in bytes, the router accepts or sends.</summary>
    /// <remarks>
    /// Defaults to 1 MiB. Must lie between 512 bytes (RawSocket's smallest length exponent, 2^9) and
    /// 16 MiB (its largest, 2^24).
    /// </remarks>
    public int MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>The most sessions open at once, over all listeners.</summary>
    /// <remarks>Defaults to 1024: far above what one board serves, and a bound on memory for a flood of clients.</remarks>
    public int MaxSessions { get; set; } = 1024;

    /// <summary>The most bytes queued for sending to one session; past it, messages to that session are dropped.</summary>
    /// <remarks>Defaults to 4 MiB, so one slow subscriber cannot exhaust a small board's memory.</remarks>
    public long MaxOutboxBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Failed authentications from one address within <see cref="AuthFailureWindowSeconds"/> before it is refused for a while; 0 turns this off.</summary>
    /// <remarks>Defaults to 5.</remarks>
    public int AuthFailureLimit { get; set; } = 5;

    /// <summary>The window, in seconds, over which failed authentications are counted.</summary>
    /// <remarks>Defaults to 60.</remarks>
    public int AuthFailureWindowSeconds { get; set; } = 60;

    /// <summary>How long, in seconds, an address over the limit gets ABORT at once.</summary>
    /// <remarks>Defaults to 60.</remarks>
    public int AuthFailureCooldownSeconds { get; set; } = 60;

    /// <summary>Addresses tracked for failed authentications at once; a bound on memory under a spray of addresses.</summary>
    /// <remarks>Defaults to 4096.</remarks>
    public int AuthFailureMaxAddresses { get; set; } = 4096;

    /// <summary>Seconds the router waits for AUTHENTICATE after a CHALLENGE before it aborts the session.</summary>
    /// <remarks>Defaults to 30.</remarks>
    public int AuthChallengeTimeoutSeconds { get; set; } = 30;
}
