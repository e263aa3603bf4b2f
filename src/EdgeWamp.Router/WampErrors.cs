namespace EdgeWamp.Router;

/// <summary>Error and close reason URIs of the WAMP spec, as UTF-8 constants ("Predefined URIs").</summary>
public static class WampErrors
{
    public static ReadOnlySpan<byte> NoSuchRealm => "wamp.error.no_such_realm"u8;

    public static ReadOnlySpan<byte> ProtocolViolation => "wamp.error.protocol_violation"u8;

    public static ReadOnlySpan<byte> NoAuthMethod => "wamp.error.no_auth_method"u8;

    /// <summary>Wrong credentials, or no principal of an offered method is granted the realm ("Predefined URIs").</summary>
    public static ReadOnlySpan<byte> AuthenticationDenied => "wamp.error.authentication_denied"u8;

    /// <summary>Authentication could not run to its end (fail secure).</summary>
    public static ReadOnlySpan<byte> AuthenticationFailed => "wamp.error.authentication_failed"u8;

    public static ReadOnlySpan<byte> NotAuthorized => "wamp.error.not_authorized"u8;

    public static ReadOnlySpan<byte> InvalidUri => "wamp.error.invalid_uri"u8;

    public static ReadOnlySpan<byte> InvalidArgument => "wamp.error.invalid_argument"u8;

    public static ReadOnlySpan<byte> NoSuchProcedure => "wamp.error.no_such_procedure"u8;

    public static ReadOnlySpan<byte> ProcedureAlreadyExists => "wamp.error.procedure_already_exists"u8;

    public static ReadOnlySpan<byte> NoSuchRegistration => "wamp.error.no_such_registration"u8;

    public static ReadOnlySpan<byte> NoSuchSubscription => "wamp.error.no_such_subscription"u8;

    public static ReadOnlySpan<byte> Canceled => "wamp.error.canceled"u8;

    public static ReadOnlySpan<byte> Unavailable => "wamp.error.unavailable"u8;

    public static ReadOnlySpan<byte> CloseNormal => "wamp.close.normal"u8;

    public static ReadOnlySpan<byte> GoodbyeAndOut => "wamp.close.goodbye_and_out"u8;

    public static ReadOnlySpan<byte> SystemShutdown => "wamp.close.system_shutdown"u8;

    /// <summary>ABORT reason: the realm already has its maximum number of sessions (RealmOptions.MaxSessions).</summary>
    public static ReadOnlySpan<byte> MaxSessionsReached => "edgewamp.error.max_sessions_reached"u8;

    /// <summary>ERROR for a CALL beyond the caller's maximum of calls in flight (RealmOptions.MaxPendingCallsPerSession).</summary>
    public static ReadOnlySpan<byte> TooManyPendingCalls => "edgewamp.error.too_many_pending_calls"u8;

    /// <summary>ABORT reason: no HELLO (or no finished authentication) within the HELLO timeout.</summary>
    public static ReadOnlySpan<byte> HelloTimeout => "edgewamp.error.hello_timeout"u8;
}
