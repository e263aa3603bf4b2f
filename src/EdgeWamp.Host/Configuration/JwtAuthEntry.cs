namespace EdgeWamp.Host.Configuration;

/// <summary>
/// An issuer of JWT bearer tokens (OAuth2 access tokens) accepted through the <c>ticket</c> method: a client sends the
/// token as its ticket and gets the realm with the authid and role the token's claims name.
/// </summary>
internal sealed class JwtAuthEntry
{
    /// <summary>The "iss" claim tokens must carry.</summary>
    /// <remarks>Required.</remarks>
    public required string Issuer { get; set; }

    /// <summary>The "aud" claim tokens must carry (or list).</summary>
    /// <remarks>Required.</remarks>
    public required string Audience { get; set; }

    /// <summary>The issuer's public keys; a token must be signed by one of them, with that key's algorithm.</summary>
    /// <remarks>Required and non-empty.</remarks>
    public required IReadOnlyList<JwtKeyEntry> Keys { get; set; }

    /// <summary>The realm tokens of this issuer open.</summary>
    /// <remarks>Required; must name a realm in <see cref="EdgeWampConfig.Realms"/>.</remarks>
    public required string Realm { get; set; }

    /// <summary>The claim that holds the authid.</summary>
    /// <remarks>Defaults to <c>sub</c>.</remarks>
    public string AuthidClaim { get; set; } = "sub";

    /// <summary>The claim that holds the role (a role of <see cref="Realm"/>).</summary>
    /// <remarks>Defaults to none: every token gets <see cref="Role"/>.</remarks>
    public string? RoleClaim { get; set; }

    /// <summary>The role of tokens without a role claim.</summary>
    /// <remarks>Defaults to none: such tokens are refused. Must name a role of <see cref="Realm"/>.</remarks>
    public string? Role { get; set; }

    /// <summary>Seconds of clock difference tolerated for <c>exp</c> and <c>nbf</c>.</summary>
    /// <remarks>Defaults to 60; at most 600.</remarks>
    public int ClockSkewSeconds { get; set; } = 60;
}
