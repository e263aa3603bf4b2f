using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// WAMP-SCRAM (WAMP spec, "Salted Challenge Response Authentication Mechanism", after RFC 5802/7677): the router
/// recovers the client key from the proof and checks it against StoredKey, then proves itself with ServerKey.
/// </summary>
/// <remarks>
/// Two dialects, chosen by the method name the client asked for:
/// "wamp-scram" follows the spec (kdf "argon2id13", c=Base64(channel binding input), WELCOME authextra.verifier);
/// "scram" is what Autobahn|Python's AuthScram speaks (kdf "argon2id-13", "c=" followed by the challenge's
/// channel_binding, here empty, and WELCOME authextra.scram_server_signature). The keys and the proof are the same.
/// </remarks>
internal sealed class ScramChallenge : AuthenticationChallenge
{
    private readonly ScramPrincipal _principal;
    private readonly string _clientNonce;
    private readonly string _nonce;
    private readonly string? _channelBinding;
    private readonly byte[] _tlsUnique;
    private readonly bool _spec;

    public ScramChallenge(string method, ScramPrincipal principal, string clientNonce, string? channelBinding, ReadOnlySpan<byte> tlsUnique)
        : base(method, principal)
    {
        _principal = principal;
        _clientNonce = clientNonce;
        _spec = method == AuthMethodNames.WampScram;
        _nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        _channelBinding = channelBinding;
        _tlsUnique = tlsUnique.ToArray();
    }

    public override AuthExtraEntry[] Extra
    {
        get
        {
            bool argon = _principal.Kdf == ScramKdf.Argon2id13;
            string kdf = !argon ? "pbkdf2" : _spec ? "argon2id13" : "argon2id-13";
            var extra = new List<AuthExtraEntry>
            {
                new("nonce", _nonce),
                new("salt", _principal.Salt),
                new("kdf", kdf),
                new("iterations", Number: (ulong)_principal.Iterations),
            };

            // Autobahn refuses unknown or null members; the spec writes memory: null for PBKDF2.
            if (argon)
            {
                extra.Add(new("memory", Number: (ulong)_principal.Memory));
            }
            else if (_spec)
            {
                extra.Add(new("memory"));
            }

            return [.. extra];
        }
    }

    public override bool Verify(AuthenticateInput input, out AuthExtraEntry[] welcomeExtra)
    {
        welcomeExtra = [];
        string? clientFinalNoProof = ClientFinalNoProof(input);
        Span<byte> proof = stackalloc byte[64];
        if (clientFinalNoProof is null || !Convert.TryFromBase64String(input.Signature, proof, out int proofLength) || proofLength != SHA256.HashSizeInBytes)
        {
            return false;
        }

        string authMessage = string.Create(CultureInfo.InvariantCulture,
            $"n={Escape(_principal.AuthId)},r={_clientNonce},r={_nonce},s={_principal.Salt},i={_principal.Iterations},{clientFinalNoProof}");
        byte[] message = Encoding.UTF8.GetBytes(authMessage);

        // RecoveredClientKey = HMAC(StoredKey, AuthMessage) XOR ClientProof; SHA256 of it must be StoredKey.
        byte[] clientKey = HMACSHA256.HashData(_principal.StoredKey, message);
        for (int i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] ^= proof[i];
        }

        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), _principal.StoredKey))
        {
            return false;
        }

        string serverSignature = Convert.ToBase64String(HMACSHA256.HashData(_principal.ServerKey, message));
        welcomeExtra = [new(_spec ? "verifier" : "scram_server_signature", serverSignature)];
        return true;
    }

    private string? ClientFinalNoProof(AuthenticateInput input)
    {
        if (!_spec)
        {
            return $"c=,r={_nonce}";
        }

        if (input.Nonce != _nonce || input.ChannelBinding != _channelBinding)
        {
            return null;
        }

        // CBindInput = ("n" | "p=" + name) + ",," + binding data; the data must be this channel's.
        byte[] bindingData = [];
        if (_channelBinding is not null)
        {
            if (input.ChannelBindingData is null)
            {
                return null;
            }

            try
            {
                bindingData = Convert.FromBase64String(input.ChannelBindingData);
            }
            catch (FormatException)
            {
                return null;
            }

            if (!CryptographicOperations.FixedTimeEquals(bindingData, _tlsUnique))
            {
                return null;
            }
        }

        byte[] flag = Encoding.UTF8.GetBytes((_channelBinding is null ? "n" : "p=" + _channelBinding) + ",,");
        return $"c={Convert.ToBase64String([.. flag, .. bindingData])},r={input.Nonce}";
    }

    private static string Escape(string authId) => authId.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
}
