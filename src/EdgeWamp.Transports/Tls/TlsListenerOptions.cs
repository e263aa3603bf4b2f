using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeWamp.Transports.Tls;

/// <summary>TLS settings of a TCP listener: the server certificate and how client certificates are checked.</summary>
public sealed class TlsListenerOptions
{
    /// <summary>The server certificate, with its private key.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>Intermediate CA certificates sent with <see cref="Certificate"/> (the rest of the certificate PEM file).</summary>
    /// <remarks>Defaults to none.</remarks>
    public X509Certificate2Collection Intermediates { get; init; } = [];

    /// <summary>Whether clients are asked for a certificate.</summary>
    /// <remarks>Defaults to <see cref="ClientCertificateMode.None"/>.</remarks>
    public ClientCertificateMode ClientCertificates { get; init; }

    /// <summary>The CA certificates a client certificate must chain to. Required unless client certificates are off.</summary>
    /// <remarks>Security: only these roots are trusted for clients, never the system store.</remarks>
    public X509Certificate2Collection ClientCertificateAuthorities { get; init; } = [];

    /// <summary>
    /// Reads the certificate (and any intermediates after it) and its private key from PEM files, and the client CA
    /// bundle when given. Throws <see cref="CryptographicException"/> or an I/O exception with the reason when they
    /// cannot be read.
    /// </summary>
    public static TlsListenerOptions FromPemFiles(string certificatePath, string keyPath, ClientCertificateMode clientCertificates, string? clientCaPath)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificatePath);
        if (chain.Count == 0)
        {
            throw new CryptographicException($"{certificatePath} holds no PEM certificate");
        }

        X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        if (!certificate.HasPrivateKey)
        {
            throw new CryptographicException($"{keyPath} holds no private key for the certificate in {certificatePath}");
        }

        var intermediates = new X509Certificate2Collection();
        for (int i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        var authorities = new X509Certificate2Collection();
        if (clientCaPath is not null)
        {
            authorities.ImportFromPemFile(clientCaPath);
            if (authorities.Count == 0)
            {
                throw new CryptographicException($"{clientCaPath} holds no PEM certificate");
            }
        }

        return new TlsListenerOptions
        {
            Certificate = certificate,
            Intermediates = intermediates,
            ClientCertificates = clientCertificates,
            ClientCertificateAuthorities = authorities,
        };
    }
}
