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

    /// <summary>The <see cref="SlowConsumer"/> policy that drops events for a subscriber that is not reading, and counts them.</summary>
    public const string SlowConsumerDrop = "drop";

    /// <summary>The <see cref="SlowConsumer"/> policy that closes a subscriber that is not reading.</summary>
    public const string SlowConsumerDisconnect = "disconnect";

    /// <summary>The values <see cref="SlowConsumer"/> may take.</summary>
    public static IReadOnlyList<string> SlowConsumerPolicies { get; } = [SlowConsumerDrop, SlowConsumerDisconnect];

    /// <summary>The most sessions joined to one realm at once; a HELLO beyond it gets ABORT edgewamp.error.max_sessions_reached.</summary>
    /// <remarks>Defaults to 1024, the same as <see cref="MaxSessions"/>: lower it to keep one realm from starving the others.</remarks>
    public int MaxSessionsPerRealm { get; set; } = 1024;

    /// <summary>The most calls one session may have in flight; a CALL beyond it gets ERROR edgewamp.error.too_many_pending_calls.</summary>
    /// <remarks>Defaults to 1000: bounds the router's memory per caller whose callees do not answer.</remarks>
    public int MaxPendingCalls { get; set; } = 1000;

    /// <summary>
    /// What happens when an EVENT is due for a subscriber whose outbox (<see cref="MaxOutboxBytes"/>) is full:
    /// <c>"drop"</c> (the event is dropped for it alone and counted) or <c>"disconnect"</c> (it is closed).
    /// </summary>
    /// <remarks>
    /// Defaults to <c>"drop"</c>. Either way RPC answers are never dropped: a caller whose RESULT or ERROR cannot be queued
    /// is closed, and a CALL whose INVOCATION cannot be queued for its callee gets ERROR wamp.error.unavailable.
    /// </remarks>
    public string SlowConsumer { get; set; } = SlowConsumerDrop;

    /// <summary>Milliseconds a connection has, after its transport handshake, to establish a session (HELLO, and authentication).</summary>
    /// <remarks>Defaults to 10000. A connection that stays silent is sent ABORT edgewamp.error.hello_timeout and closed.</remarks>
    public int HelloTimeoutMs { get; set; } = 10_000;

    /// <summary>Milliseconds a new RawSocket connection has to send its 4-octet handshake before it is closed.</summary>
    /// <remarks>Defaults to 10000.</remarks>
    public int HandshakeTimeoutMs { get; set; } = 10_000;

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
