namespace EdgeWamp.Router.Authentication;

/// <summary>JWS algorithms accepted for bearer tokens (RFC 7518 section 3.1, RFC 8037): never "none", never HMAC.</summary>
public enum JwtAlgorithm : byte
{
    RS256,
    ES256,
    EdDSA,
}
