using System.Buffers.Text;
using System.Text;
using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// Ticket authentication where the ticket is a JWT bearer token (an OAuth2 access token): the signature must be by a
/// configured issuer key of the header's algorithm, "iss" and "aud" must match, "exp" must lie ahead and "nbf" (if
/// any) behind, both within the clock skew; the authid and role come from the configured claims.
/// </summary>
internal sealed class JwtChallenge : AuthenticationChallenge
{
    private const int MaxTokenLength = 8192;

    private readonly IReadOnlyList<JwtIssuer> _issuers;
    private readonly string? _helloAuthId;
    private readonly TimeProvider _time;

    public JwtChallenge(string realm, IReadOnlyList<JwtIssuer> issuers, string? helloAuthId, TimeProvider time)
        : base(AuthMethodNames.Ticket, new JwtPrincipal { AuthId = helloAuthId ?? "(bearer token)", Realm = realm, Role = string.Empty })
    {
        _issuers = issuers;
        _helloAuthId = helloAuthId;
        _time = time;
    }

    /// <summary>Why the last token was refused, for the log.</summary>
    public string? Refusal { get; private set; }

    public override AuthExtraEntry[] Extra => [];

    public override bool Verify(AuthenticateInput input, out AuthExtraEntry[] welcomeExtra)
    {
        welcomeExtra = [];
        Refusal = Validate(input.Signature, out Principal? principal);
        if (principal is not null)
        {
            Principal = principal;
        }

        return Refusal is null;
    }

    private string? Validate(string token, out Principal? principal)
    {
        principal = null;
        string[] parts = token.Length <= MaxTokenLength ? token.Split('.') : [];
        if (parts.Length != 3
            || !TryDecode(parts[0], out byte[] headerJson) || !TryDecode(parts[1], out byte[] payloadJson) || !TryDecode(parts[2], out byte[] signature)
            || !JwtClaims.TryParse(headerJson, out JwtClaims header) || !JwtClaims.TryParse(payloadJson, out JwtClaims claims))
        {
            return "not a JWT";
        }

        JwtAlgorithm? parsed = header.String("alg") switch
        {
            "RS256" => JwtAlgorithm.RS256,
            "ES256" => JwtAlgorithm.ES256,
            "EdDSA" => JwtAlgorithm.EdDSA,
            _ => null,
        };
        if (parsed is not { } algorithm)
        {
            return $"algorithm '{header.String("alg")}' is not accepted";
        }

        JwtIssuer? issuer = null;
        foreach (JwtIssuer candidate in _issuers)
        {
            if (candidate.Issuer == claims.String("iss"))
            {
                issuer = candidate;
                break;
            }
        }

        if (issuer is null)
        {
            return $"issuer '{claims.String("iss")}' is not configured for this realm";
        }

        byte[] signingInput = Encoding.ASCII.GetBytes(token[..(parts[0].Length + 1 + parts[1].Length)]);
        string? keyId = header.String("kid");
        bool signed = false;
        foreach (JwtIssuerKey key in issuer.Keys)
        {
            if (key.Algorithm == algorithm && (key.KeyId is null || key.KeyId == keyId) && key.Verify(signingInput, signature))
            {
                signed = true;
                break;
            }
        }

        if (!signed)
        {
            return "signature not made by a key of the issuer";
        }

        DateTimeOffset now = _time.GetUtcNow();
        double seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        if (claims.Number("exp") is not { } expiry || expiry + issuer.ClockSkew.TotalSeconds <= seconds)
        {
            return "token expired or without exp";
        }

        if (claims.Number("nbf") is { } notBefore && notBefore - issuer.ClockSkew.TotalSeconds > seconds)
        {
            return "token not valid yet (nbf)";
        }

        if (!claims.Contains("aud", issuer.Audience))
        {
            return "token for another audience";
        }

        string? authId = claims.String(issuer.AuthIdClaim);
        if (string.IsNullOrEmpty(authId) || (_helloAuthId is not null && _helloAuthId != authId))
        {
            return $"claim '{issuer.AuthIdClaim}' missing or not the HELLO authid";
        }

        string? role = (issuer.RoleClaim is null ? null : claims.String(issuer.RoleClaim)) ?? issuer.Role;
        if (role is null)
        {
            return "no role: the token has no role claim and the issuer no default role";
        }

        principal = new JwtPrincipal { AuthId = authId, Realm = issuer.Realm, Role = role };
        return null;
    }

    private static bool TryDecode(string base64Url, out byte[] bytes)
    {
        bytes = new byte[Base64Url.GetMaxDecodedLength(base64Url.Length)];
        if (Base64Url.TryDecodeFromChars(base64Url, bytes, out int written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
