namespace EdgeWamp.Router.Authentication;

/// <summary>The principals the router accepts, per method, and how failed attempts are throttled.</summary>
public sealed class AuthenticationOptions
{
    public static AuthenticationOptions Empty { get; } = new();

    public IReadOnlyList<TicketPrincipal> Ticket { get; init; } = [];

    public IReadOnlyList<WampCraPrincipal> WampCra { get; init; } = [];

    public IReadOnlyList<CryptosignPrincipal> Cryptosign { get; init; } = [];

    public IReadOnlyList<ScramPrincipal> Scram { get; init; } = [];

    public IReadOnlyList<TlsPrincipal> Tls { get; init; } = [];

    /// <summary>Issuers whose JWT bearer tokens are accepted as tickets.</summary>
    public IReadOnlyList<JwtIssuer> Jwt { get; init; } = [];

    /// <summary>Procedures that decide about ticket clients no static principal matches, at most one per realm.</summary>
    public IReadOnlyList<DynamicAuthenticator> Dynamic { get; init; } = [];

    /// <summary>WAMP cookies remembered after an authentication, for the cookie method.</summary>
    public CookieLimits Cookies { get; init; } = new();

    /// <summary>How long the router waits for AUTHENTICATE after its CHALLENGE before it aborts ("in due time").</summary>
    /// <remarks>Defaults to 30 seconds.</remarks>
    public TimeSpan ChallengeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed authentications per address before the address is refused for a while.</summary>
    public FailedAuthenticationLimits FailureLimits { get; init; } = new();

    /// <summary>
    /// Where the slow part of an authentication (PBKDF2, Argon2, signature checks) runs, off the connection's reader and
    /// every realm lock. Tests pass a scheduler that runs inline.
    /// </summary>
    /// <remarks>Defaults to <see cref="TaskScheduler.Default"/>, the thread pool.</remarks>
    public TaskScheduler Scheduler { get; init; } = TaskScheduler.Default;
}
