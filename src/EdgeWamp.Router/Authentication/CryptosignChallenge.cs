using System.Security.Cryptography;
using EdgeWamp.Protocol.Messages;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// WAMP-Cryptosign (WAMP spec, "Cryptosign-based Authentication"): the router sends 32 random bytes; the client signs
/// them (XORed with SHA-256 of the TLS channel's tls-unique value when it asked for that binding) with Ed25519 and answers the hex
/// of signature (64 bytes) followed by the signed message (32 bytes). A bare 64-byte signature is accepted too.
/// </summary>
internal sealed class CryptosignChallenge : AuthenticationChallenge
{
    private const int ChallengeLength = 32;
    private const int SignatureLength = 64;

    private readonly CryptosignPrincipal _principal;
    private readonly byte[] _publicKey;
    private readonly byte[] _challenge = RandomNumberGenerator.GetBytes(ChallengeLength);
    private readonly byte[] _signedMessage;
    private readonly string? _channelBinding;

    public CryptosignChallenge(CryptosignPrincipal principal, byte[] publicKey, string? channelBinding, ReadOnlySpan<byte> tlsUnique)
        : base(AuthMethodNames.Cryptosign, principal)
    {
        _principal = principal;
        _publicKey = publicKey;
        _channelBinding = channelBinding;
        _signedMessage = (byte[])_challenge.Clone();
        if (channelBinding is not null)
        {
            // The channel id is SHA-256 of tls-unique, as autobahn computes it: 32 bytes to XOR with the challenge,
            // whatever the length of the TLS Finished message (12 bytes in TLS 1.2).
            Span<byte> channelId = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(tlsUnique, channelId);
            for (int i = 0; i < _signedMessage.Length; i++)
            {
                _signedMessage[i] ^= channelId[i];
            }
        }
    }

    public override AuthExtraEntry[] Extra =>
        [new("challenge", Convert.ToHexStringLower(_challenge)), new("channel_binding", _channelBinding)];

    public override bool Verify(AuthenticateInput input, out AuthExtraEntry[] welcomeExtra)
    {
        welcomeExtra = [];
        if (!_principal.HasKey(_publicKey) || input.Signature.Length is not (SignatureLength * 2 or (SignatureLength + ChallengeLength) * 2))
        {
            return false;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromHexString(input.Signature);
        }
        catch (FormatException)
        {
            return false;
        }

        // The echoed message, when sent, must be exactly what the router asked to be signed.
        if (signature.Length > SignatureLength && !CryptographicOperations.FixedTimeEquals(signature.AsSpan(SignatureLength), _signedMessage))
        {
            return false;
        }

        return Ed25519.Verify(signature, 0, _publicKey, 0, _signedMessage, 0, _signedMessage.Length);
    }
}
