namespace EdgeWamp.Host.Configuration;

/// <summary>
/// A dynamic authenticator: ticket clients of <see cref="Realm"/> that no <c>authentication.ticket</c> entry matches are
/// judged by a WAMP procedure, registered by a trusted session (one whose role may register it).
/// </summary>
internal sealed class DynamicAuthEntry
{
    /// <summary>The realm whose clients the procedure admits.</summary>
    /// <remarks>Required; must name a realm in <see cref="EdgeWampConfig.Realms"/>; at most one entry per realm.</remarks>
    public required string Realm { get; set; }

    /// <summary>The procedure the router calls with (realm, authid, details) and whose answer is a role or {role, authid?, realm?}.</summary>
    /// <remarks>Required; a valid WAMP URI outside <c>wamp.</c>.</remarks>
    public required string Procedure { get; set; }

    /// <summary>The realm the procedure is registered in.</summary>
    /// <remarks>Defaults to <see cref="Realm"/>.</remarks>
    public string? AuthenticatorRealm { get; set; }

    /// <summary>The client methods the procedure judges.</summary>
    /// <remarks>Defaults to <c>["ticket"]</c>, the only one supported.</remarks>
    public IReadOnlyList<string> Methods { get; set; } = [ConfigVocabulary.AuthTicket];

    /// <summary>Milliseconds the router waits for the verdict before it refuses the client (authentication_failed).</summary>
    /// <remarks>Defaults to 5000; 1 to 60000.</remarks>
    public int TimeoutMs { get; set; } = 5000;
}
