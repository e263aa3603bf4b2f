namespace EdgeWamp.Router.Authentication;

/// <summary>
/// An OAuth2/OpenID issuer whose bearer tokens (JWT) open one realm through the ticket method: the token is the ticket.
/// </summary>
public sealed class JwtIssuer
{
    /// <summary>The "iss" a token must carry.</summary>
    public required string Issuer { get; init; }

    /// <summary>The "aud" a token must carry (or list).</summary>
    public required string Audience { get; init; }

    public required IReadOnlyList<JwtIssuerKey> Keys { get; init; }

    public required string Realm { get; init; }

    /// <summary>The claim holding the authid.</summary>
    /// <remarks>Defaults to "sub".</remarks>
    public string AuthIdClaim { get; init; } = "sub";

    /// <summary>The claim holding the role, or null to give every token <see cref="Role"/>.</summary>
    public string? RoleClaim { get; init; }

    /// <summary>The role when the token has no role claim; null refuses such tokens.</summary>
    public string? Role { get; init; }

    /// <summary>Tolerance for clocks that differ, applied to "exp" and "nbf".</summary>
    /// <remarks>Defaults to 60 seconds.</remarks>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);
}
