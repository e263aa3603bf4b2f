namespace EdgeWamp.Router.Authentication;

/// <summary>
/// A dynamic authenticator (config: <c>authentication.dynamic[]</c>): for ticket clients of <see cref="Realm"/> that no
/// static principal matches, the router calls <see cref="Procedure"/>, registered by a session in
/// <see cref="AuthenticatorRealm"/>, with (realm, authid, details) and lets its answer decide.
/// </summary>
/// <remarks>
/// Security: whoever registers <see cref="Procedure"/> decides who gets in, so only roles trusted for that should be
/// allowed to register it; the ordinary REGISTER authorization is what makes that session "the trusted session".
/// </remarks>
public sealed class DynamicAuthenticator
{
    /// <summary>The realm whose clients this authenticator admits.</summary>
    public required string Realm { get; init; }

    public required string Procedure { get; init; }

    /// <summary>The realm the procedure is registered in.</summary>
    /// <remarks>Defaults to <see cref="Realm"/>.</remarks>
    public string? AuthenticatorRealm { get; init; }

    /// <summary>The client methods it serves; only <see cref="AuthMethods.Ticket"/> is implemented.</summary>
    /// <remarks>Defaults to ticket.</remarks>
    public AuthMethods Methods { get; init; } = AuthMethods.Ticket;

    /// <summary>How long the router waits for the answer (CALL.Options.timeout) before it refuses the client.</summary>
    /// <remarks>Defaults to 5 seconds.</remarks>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}
