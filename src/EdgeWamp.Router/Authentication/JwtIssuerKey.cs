using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace EdgeWamp.Router.Authentication;

/// <summary>One public key of a token issuer, bound to one algorithm so a token cannot pick another (no algorithm confusion).</summary>
public sealed class JwtIssuerKey
{
    // SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): this 12-byte prefix, then the 32-byte key.
    private static readonly byte[] Ed25519SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");

    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly byte[]? _ed25519;

    private JwtIssuerKey(JwtAlgorithm algorithm, string? keyId, RSA? rsa, ECDsa? ecdsa, byte[]? ed25519)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        _rsa = rsa;
        _ecdsa = ecdsa;
        _ed25519 = ed25519;
    }

    public JwtAlgorithm Algorithm { get; }

    /// <summary>The "kid" a token header must name to use this key; null matches any.</summary>
    public string? KeyId { get; }

    /// <summary>Reads a PEM public key ("BEGIN PUBLIC KEY") for <paramref name="algorithm"/>; <paramref name="error"/> says why not.</summary>
    public static JwtIssuerKey? FromPem(JwtAlgorithm algorithm, string pem, string? keyId, out string? error)
    {
        error = null;
        try
        {
            switch (algorithm)
            {
                case JwtAlgorithm.RS256:
                    {
                        var rsa = RSA.Create();
                        rsa.ImportFromPem(pem);
                        if (rsa.KeySize < 2048)
                        {
                            error = $"an RS256 key needs at least 2048 bits, this one has {rsa.KeySize}";
                            rsa.Dispose();
                            return null;
                        }

                        return new JwtIssuerKey(algorithm, keyId, rsa, null, null);
                    }

                case JwtAlgorithm.ES256:
                    {
                        var ecdsa = ECDsa.Create();
                        ecdsa.ImportFromPem(pem);
                        if (ecdsa.KeySize != 256)
                        {
                            error = "an ES256 key is on the P-256 curve";
                            ecdsa.Dispose();
                            return null;
                        }

                        return new JwtIssuerKey(algorithm, keyId, null, ecdsa, null);
                    }

                default:
                    {
                        PemFields fields = PemEncoding.Find(pem);
                        byte[] der = Convert.FromBase64String(pem[fields.Base64Data]);
                        if (pem[fields.Label] != "PUBLIC KEY" || der.Length != Ed25519SpkiPrefix.Length + Ed25519.PublicKeySize || !der.AsSpan(0, Ed25519SpkiPrefix.Length).SequenceEqual(Ed25519SpkiPrefix))
                        {
                            error = "an EdDSA key is an Ed25519 \"PUBLIC KEY\" PEM";
                            return null;
                        }

                        return new JwtIssuerKey(algorithm, keyId, null, null, der[Ed25519SpkiPrefix.Length..]);
                    }
            }
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException or FormatException)
        {
            error = $"not a {algorithm} public key in PEM: {exception.Message}";
            return null;
        }
    }

    /// <summary>Checks a JWS signature over <paramref name="signingInput"/> (the ASCII of "header.payload").</summary>
    internal bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) => Algorithm switch
    {
        JwtAlgorithm.RS256 => _rsa!.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        JwtAlgorithm.ES256 => _ecdsa!.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        _ => signature.Length == Ed25519.SignatureSize && Ed25519.Verify(signature.ToArray(), 0, _ed25519!, 0, signingInput.ToArray(), 0, signingInput.Length),
    };
}
