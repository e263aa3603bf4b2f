using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace EdgeWamp.Transports.Tls;

/// <summary>The server side of the TLS handshake for one listener: TLS 1.2 and 1.3 only, client certificates checked against the configured CA.</summary>
internal sealed class TlsAuthenticator
{
    private readonly TlsListenerOptions _options;
    private readonly SslServerAuthenticationOptions _serverOptions;

    public TlsAuthenticator(TlsListenerOptions options)
    {
        _options = options;
        _serverOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(options.Certificate, options.Intermediates, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = options.ClientCertificates != ClientCertificateMode.None,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = ValidateClientCertificate,
            AllowRenegotiation = false,
        };
    }

    /// <summary>Runs the handshake; throws <see cref="AuthenticationException"/> or an I/O exception when it fails.</summary>
    public async Task<SslStream> AuthenticateAsync(Stream network, CancellationToken cancellationToken)
    {
        var tls = new SslStream(network, leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsServerAsync(_serverOptions, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A client certificate must chain to one of the configured client CAs (never the system store); no certificate
    /// is fine unless the mode is <see cref="ClientCertificateMode.Required"/>.
    /// </summary>
    private bool ValidateClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return _options.ClientCertificates != ClientCertificateMode.Required;
        }

        if (_options.ClientCertificateAuthorities.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_options.ClientCertificateAuthorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (X509ChainElement element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return certificate is X509Certificate2 certificate2 && custom.Build(certificate2);
    }
}
