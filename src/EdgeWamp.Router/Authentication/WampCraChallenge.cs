using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// WAMP-CRA (WAMP spec, "Challenge Response Authentication"): the challenge is a JSON object naming the session
/// to be; the client answers Base64(HMAC-SHA256(key, challenge)).
/// </summary>
internal sealed class WampCraChallenge : AuthenticationChallenge
{
    private readonly WampCraPrincipal _principal;
    private readonly string _challenge;

    public WampCraChallenge(WampCraPrincipal principal, ulong sessionId, DateTimeOffset now)
        : base(AuthMethodNames.WampCra, principal)
    {
        _principal = principal;
        _challenge = BuildChallenge(principal, sessionId, now);
    }

    public string Challenge => _challenge;

    public override AuthExtraEntry[] Extra => _principal.Salt is null
        ? [new("challenge", _challenge)]
        :
        [
            new("challenge", _challenge),
            new("salt", _principal.Salt),
            new("keylen", Number: (ulong)_principal.KeyLength),
            new("iterations", Number: (ulong)_principal.Iterations),
        ];

    public override bool Verify(AuthenticateInput input, out AuthExtraEntry[] welcomeExtra)
    {
        welcomeExtra = [];
        Span<byte> received = stackalloc byte[64];
        if (!Convert.TryFromBase64String(input.Signature, received, out int length))
        {
            return false;
        }

        byte[] expected = HMACSHA256.HashData(_principal.Key, Encoding.UTF8.GetBytes(_challenge));
        return CryptographicOperations.FixedTimeEquals(received[..length], expected);
    }

    /// <summary>The spec's seven members: authid, authrole, authmethod, authprovider, nonce, timestamp, session.</summary>
    private static string BuildChallenge(WampCraPrincipal principal, ulong sessionId, DateTimeOffset now)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("authid", principal.AuthId);
            json.WriteString("authrole", principal.Role);
            json.WriteString("authmethod", AuthMethodNames.WampCra);
            json.WriteString("authprovider", SessionAuthenticator.Provider);
            json.WriteString("nonce", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
            json.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteNumber("session", sessionId);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
