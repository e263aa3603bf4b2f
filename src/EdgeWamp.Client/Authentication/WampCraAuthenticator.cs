using System.Security.Cryptography;
using System.Text;

namespace EdgeWamp.Client.Authentication;

/// <summary>
/// WAMP Challenge-Response Authentication (WAMP spec, "Challenge Response Authentication"): the signature is the
/// base64 HMAC-SHA256 of the challenge string, keyed with the secret; when the CHALLENGE carries a salt, the key is
/// first derived with PBKDF2-HMAC-SHA256 (salt, iterations, keylen) and base64-encoded.
/// </summary>
public sealed class WampCraAuthenticator(string authId, string secret) : IClientAuthenticator
{
    // The spec's defaults when a salted CHALLENGE omits them.
    private const int DefaultIterations = 1000;
    private const int DefaultKeyLength = 32;

    public string Method => "wampcra";

    public string? AuthId => authId;

    public IReadOnlyList<KeyValuePair<string, string>> AuthExtra => [];

    public string Sign(ChallengeExtra extra)
    {
        if (extra.Challenge is null)
        {
            throw new WampConnectionException("the wampcra CHALLENGE has no 'challenge'");
        }

        string key = extra.Salt is null
            ? secret
            : DeriveKey(secret, extra.Salt, extra.Iterations > 0 ? extra.Iterations : DefaultIterations, extra.KeyLength > 0 ? extra.KeyLength : DefaultKeyLength);
        return ComputeSignature(key, extra.Challenge);
    }

    /// <summary>base64(HMAC-SHA256(key, challenge)), both as UTF-8.</summary>
    public static string ComputeSignature(string key, string challenge) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(challenge)));

    /// <summary>base64(PBKDF2-HMAC-SHA256(secret, salt, iterations, keyLength)): the key a salted secret stands for.</summary>
    public static string DeriveKey(string secret, string salt, int iterations, int keyLength) =>
        Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(salt), iterations, HashAlgorithmName.SHA256, keyLength));
}
