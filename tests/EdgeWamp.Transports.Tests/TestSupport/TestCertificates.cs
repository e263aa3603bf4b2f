using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeWamp.Transports.Tests.TestSupport;

/// <summary>
/// A throwaway PKI made at test time (no private key is ever committed): a CA, a server certificate for 127.0.0.1
/// signed by it, a client certificate signed by it, and a client certificate signed by an unrelated CA. The server's
/// PEM files are written to a temporary directory, as an operator would configure them.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("edgewamp-tls-");
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Ca = CreateCa("CN=EdgeWamp Test CA", caKey);
        using ECDsa otherCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 otherCa = CreateCa("CN=Unrelated CA", otherCaKey);
        Server = CreateLeaf("CN=127.0.0.1", Ca, caKey, server: true);
        Client = CreateLeaf("CN=sensor-7", Ca, caKey, server: false);
        UntrustedClient = CreateLeaf("CN=intruder", otherCa, otherCaKey, server: false);

        CertificatePath = Path.Combine(Directory.FullName, "server.pem");
        KeyPath = Path.Combine(Directory.FullName, "server.key");
        CaPath = Path.Combine(Directory.FullName, "ca.pem");
        File.WriteAllText(CertificatePath, Server.ExportCertificatePem());
        using (ECDsa key = Server.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(CaPath, Ca.ExportCertificatePem());
    }

    public DirectoryInfo Directory { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 UntrustedClient { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public string CaPath { get; }

    /// <summary>What a client trusts: exactly the test CA.</summary>
    public bool ValidateServer(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        UntrustedClient.Dispose();
        Directory.Delete(recursive: true);
    }

    private static X509Certificate2 CreateCa(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 CreateLeaf(string subject, X509Certificate2 issuer, ECDsa issuerKey, bool server)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        byte[] serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using X509Certificate2 signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return signed.CopyWithPrivateKey(key);
    }
}
