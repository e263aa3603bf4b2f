namespace EdgeWamp.Router.Authentication;

/// <summary>
/// A principal that authenticates with its TLS client certificate. The certificate matches by SHA-256 thumbprint, by
/// subject name, or, when neither is configured, when its subject common name equals <see cref="Principal.AuthId"/>.
/// </summary>
public sealed class TlsPrincipal : Principal
{
    /// <summary>Hex SHA-256 thumbprint of the certificate, or null.</summary>
    public string? Thumbprint { get; init; }

    /// <summary>The certificate's subject distinguished name (e.g. "CN=pi7, O=Example"), or null.</summary>
    public string? Subject { get; init; }
}
