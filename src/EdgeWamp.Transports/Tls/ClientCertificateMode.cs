namespace EdgeWamp.Transports.Tls;

/// <summary>Whether a TLS listener asks clients for a certificate.</summary>
public enum ClientCertificateMode : byte
{
    /// <summary>No client certificate is requested.</summary>
    None,

    /// <summary>A certificate is requested; a client without one is admitted, one with an untrusted certificate is not.</summary>
    Optional,

    /// <summary>A client without a certificate trusted by the client CA is refused in the TLS handshake.</summary>
    Required,
}
