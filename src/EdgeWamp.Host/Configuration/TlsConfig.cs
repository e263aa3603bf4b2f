namespace EdgeWamp.Host.Configuration;

/// <summary>TLS settings of a TCP listener: every connection (RawSocket and WebSocket) is then TLS 1.2 or 1.3.</summary>
internal sealed class TlsConfig
{
    /// <summary>The server certificate as a PEM file; certificates after the first are sent as intermediates.</summary>
    /// <remarks>Required.</remarks>
    public required string Certificate { get; set; }

    /// <summary>The certificate's private key as a PEM file (PKCS#8, PKCS#1 or SEC1, unencrypted).</summary>
    /// <remarks>Required. Security: readable by the router's user only (mode 0600).</remarks>
    public required string Key { get; set; }

    /// <summary>Whether clients are asked for a certificate: one of <see cref="ConfigVocabulary.ClientCertificateModes"/>.</summary>
    /// <remarks>
    /// Defaults to <c>"none"</c>. With <c>"optional"</c> or <c>"required"</c>, a client certificate must chain to
    /// <see cref="ClientCa"/>; the router's <c>tls</c> authentication can then read it.
    /// </remarks>
    public string ClientCertificates { get; set; } = ConfigVocabulary.ClientCertificatesNone;

    /// <summary>The CA certificates (PEM) client certificates must chain to; required unless client certificates are off.</summary>
    /// <remarks>Defaults to none. The system's trust store is never used for clients.</remarks>
    public string? ClientCa { get; set; }
}
