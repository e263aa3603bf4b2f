using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace EdgeWamp.Client.Authentication;

/// <summary>
/// WAMP-Cryptosign (WAMP spec, "Cryptosign-based Authentication"): HELLO announces the Ed25519 public key; the answer to
/// a CHALLENGE is hex(signature over the 32 challenge bytes || the challenge bytes), 96 bytes. TLS channel binding is
/// not used.
/// </summary>
public sealed class CryptosignAuthenticator : IClientAuthenticator
{
    private const int ChallengeLength = 32;
    private readonly Ed25519PrivateKeyParameters _privateKey;

    /// <param name="privateKeyHex">The 32-byte Ed25519 seed as 64 hex digits.</param>
    /// <exception cref="FormatException">The key is not 64 hex digits.</exception>
    public CryptosignAuthenticator(string? authId, string privateKeyHex)
    {
        byte[] seed = Convert.FromHexString(privateKeyHex);
        if (seed.Length != Ed25519PrivateKeyParameters.KeySize)
        {
            throw new FormatException($"a cryptosign private key is {Ed25519PrivateKeyParameters.KeySize} bytes (64 hex digits), not {seed.Length}");
        }

        _privateKey = new Ed25519PrivateKeyParameters(seed);
        AuthId = authId;
        PublicKeyHex = Convert.ToHexStringLower(_privateKey.GeneratePublicKey().GetEncoded());
        AuthExtra = [new("pubkey", PublicKeyHex)];
    }

    public string Method => "cryptosign";

    public string? AuthId { get; }

    public string PublicKeyHex { get; }

    public IReadOnlyList<KeyValuePair<string, string>> AuthExtra { get; }

    public string Sign(ChallengeExtra extra)
    {
        byte[] challenge;
        try
        {
            challenge = Convert.FromHexString(extra.Challenge ?? "");
        }
        catch (FormatException)
        {
            throw new WampConnectionException("the cryptosign CHALLENGE's 'challenge' is not hex");
        }

        if (challenge.Length != ChallengeLength)
        {
            throw new WampConnectionException($"the cryptosign CHALLENGE's 'challenge' is {challenge.Length} bytes, not {ChallengeLength}");
        }

        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, _privateKey);
        signer.BlockUpdate(challenge, 0, challenge.Length);
        byte[] signature = signer.GenerateSignature();
        return Convert.ToHexStringLower(signature) + Convert.ToHexStringLower(challenge);
    }
}
