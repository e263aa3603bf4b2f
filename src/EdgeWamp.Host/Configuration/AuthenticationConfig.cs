using System.Text.Json.Serialization;

namespace EdgeWamp.Host.Configuration;

/// <summary>
/// The credentials the router accepts, one list per authentication method. A client gets into a realm only
/// where an entry of a method its listener allows grants that realm.
/// </summary>
internal sealed class AuthenticationConfig
{
    /// <summary>Realms that admit clients without credentials, and the role they get.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<AnonymousAuthEntry> Anonymous { get; set; } = [];

    /// <summary>Ticket (shared secret) principals.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<TicketAuthEntry> Ticket { get; set; } = [];

    /// <summary>WAMP-CRA (challenge-response) principals.</summary>
    /// <remarks>Defaults to none.</remarks>
    [JsonPropertyName("wampcra")]
    public IReadOnlyList<WampCraAuthEntry> WampCra { get; set; } = [];

    /// <summary>WAMP-Cryptosign (Ed25519) principals.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<CryptosignAuthEntry> Cryptosign { get; set; } = [];

    /// <summary>WAMP-SCRAM principals (Argon2id or PBKDF2).</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<ScramAuthEntry> Scram { get; set; } = [];

    /// <summary>TLS client certificate principals.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<TlsAuthEntry> Tls { get; set; } = [];

    /// <summary>Issuers of JWT bearer tokens accepted through the ticket method.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<JwtAuthEntry> Jwt { get; set; } = [];

    /// <summary>How long and how many WAMP cookies are remembered for the cookie method.</summary>
    /// <remarks>Defaults to the values documented on <see cref="CookieAuthConfig"/>.</remarks>
    public CookieAuthConfig Cookie { get; set; } = new();

    /// <summary>Procedures, registered by trusted sessions, that judge ticket clients of a realm (dynamic authenticators).</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<DynamicAuthEntry> Dynamic { get; set; } = [];
}
