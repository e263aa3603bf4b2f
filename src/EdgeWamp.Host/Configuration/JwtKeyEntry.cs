namespace EdgeWamp.Host.Configuration;

/// <summary>One public key of a JWT issuer.</summary>
internal sealed class JwtKeyEntry
{
    /// <summary>The JWS algorithm: one of <see cref="ConfigVocabulary.JwtAlgorithms"/>.</summary>
    /// <remarks>Required. Tokens signed with another algorithm are refused, whatever their header says.</remarks>
    public required string Alg { get; set; }

    /// <summary>The public key as PEM ("-----BEGIN PUBLIC KEY-----", or "BEGIN RSA PUBLIC KEY" for RS256).</summary>
    /// <remarks>Required; in JSON, write the line breaks as \n.</remarks>
    public required string PublicKey { get; set; }

    /// <summary>The key id; when set, a token's header "kid" must equal it.</summary>
    /// <remarks>Defaults to none: the key is tried for every token of its algorithm.</remarks>
    public string? Kid { get; set; }
}
