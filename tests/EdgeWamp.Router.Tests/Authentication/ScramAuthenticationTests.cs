using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

/// <summary>
/// WAMP-SCRAM: the client side here is written from the spec's "SCRAM Algorithms" with .NET's HMAC and SHA-256;
/// Argon2id salted passwords come from argon2-cffi (the reference implementation) as fixed vectors.
/// </summary>
public sealed class ScramAuthenticationTests : IDisposable
{
    private const string Password = "pencil";
    private static readonly byte[] Salt = "0123456789abcdef"u8.ToArray();

    // argon2.low_level.hash_secret_raw(b"pencil", b"0123456789abcdef", time_cost=2, memory_cost=1024, parallelism=1,
    // hash_len=32, type=Type.ID, version=19), run with Debian's python3-argon2.
    private static readonly byte[] Argon2SaltedPassword = Convert.FromBase64String("FOQTmKq0yLFjvOd3e3ouLuXKoWJsB+He5vRWr61LTBE=");

    private static readonly byte[] Pbkdf2SaltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Password), Salt, 4096, HashAlgorithmName.SHA256, 32);

    private readonly AuthenticationRouter _router = new(AuthenticationRouter.Inline(scram:
    [
        Principal("dave", ScramKdf.Argon2id13, Argon2SaltedPassword, iterations: 2, memory: 1024),
        Principal("frank", ScramKdf.Pbkdf2, Pbkdf2SaltedPassword, iterations: 4096, memory: 0),
        Principal("grace", ScramKdf.Argon2id13, Encoding.ASCII.GetBytes(Convert.ToBase64String(Argon2SaltedPassword).TrimEnd('=')), iterations: 2, memory: 1024),
    ]));

    public void Dispose() => _router.Dispose();

    [Fact]
    public void Argon2id_MatchesTheReferenceImplementation()
    {
        Assert.Equal(Argon2SaltedPassword, ScramKeys.Argon2id(Encoding.UTF8.GetBytes(Password), Salt, 2, 1024));
    }

    [Fact]
    public void Derive_AutobahnArgon_MatchesAutobahnsKeys()
    {
        // StoredKey and ServerKey as autobahn.wamp.auth.AuthScram computes them from _hash_argon2id13_secret.
        (byte[] stored, byte[] server) = ScramKeys.Derive(Password, ScramKdf.Argon2id13, Salt, 2, 1024, autobahnArgon: true);

        Assert.Equal("xM881YjRHq7iZbgEBAAWXt2XcMkALRyUonCfOXoHrKs=", Convert.ToBase64String(stored));
        Assert.Equal("bEmY8nupXxvjfRLE8083UluNAX3odaItlHqhIsB55FA=", Convert.ToBase64String(server));
    }

    [Theory]
    [InlineData("dave", "argon2id13", 2L)]
    [InlineData("frank", "pbkdf2", 4096L)]
    public void Authenticate_SpecDialectRightProof_WelcomesWithVerifier(string authId, string kdf, long iterations)
    {
        byte[] salted = authId == "dave" ? Argon2SaltedPassword : Pbkdf2SaltedPassword;
        TestClient client = _router.Connect(WampSerializer.Cbor);
        string clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        AuthenticationRouter.Hello(client, ["wamp-scram"], authId, WampValue.Map(("nonce", clientNonce), ("channel_binding", null)));
        Dictionary<string, object?> extra = AuthenticationRouter.ExpectChallenge(client, "wamp-scram");
        string nonce = (string)extra["nonce"]!;
        Assert.StartsWith(clientNonce, nonce, StringComparison.Ordinal);
        Assert.True(nonce.Length > clientNonce.Length);
        Assert.Equal(kdf, extra["kdf"]);
        Assert.Equal(iterations, Convert.ToInt64(extra["iterations"], CultureInfo.InvariantCulture));
        Assert.Equal(Convert.ToBase64String(Salt), extra["salt"]);

        string authMessage = $"n={authId},r={clientNonce},r={nonce},s={extra["salt"]},i={iterations},c=biws,r={nonce}";
        AuthenticationRouter.Authenticate(client, Proof(salted, authMessage), new AuthExtraEntry("nonce", nonce), new AuthExtraEntry("channel_binding"), new AuthExtraEntry("cbind_data"));

        Dictionary<string, object?> welcome = AuthenticationRouter.ExpectWelcome(client, authId, "user", "wamp-scram");
        var authExtra = (Dictionary<string, object?>)welcome["authextra"]!;
        Assert.Equal(ServerSignature(salted, authMessage), authExtra["verifier"]);
    }

    [Fact]
    public void Authenticate_SpecDialectWrongPassword_AbortsWithAuthenticationDenied()
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["wamp-scram"], "frank", WampValue.Map(("nonce", "AAAAAAAAAAAAAAAAAAAAAA==")));
        Dictionary<string, object?> extra = AuthenticationRouter.ExpectChallenge(client, "wamp-scram");
        string nonce = (string)extra["nonce"]!;
        byte[] wrong = Rfc2898DeriveBytes.Pbkdf2("pencil!"u8, Salt, 4096, HashAlgorithmName.SHA256, 32);

        string authMessage = $"n=frank,r=AAAAAAAAAAAAAAAAAAAAAA==,r={nonce},s={extra["salt"]},i=4096,c=biws,r={nonce}";
        AuthenticationRouter.Authenticate(client, Proof(wrong, authMessage), new AuthExtraEntry("nonce", nonce));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Authenticate_SpecDialectNonceNotTheChallenges_AbortsWithAuthenticationDenied()
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["wamp-scram"], "frank", WampValue.Map(("nonce", "AAAAAAAAAAAAAAAAAAAAAA==")));
        Dictionary<string, object?> extra = AuthenticationRouter.ExpectChallenge(client, "wamp-scram");
        string forged = "AAAAAAAAAAAAAAAAAAAAAA==BBBBBBBBBBBBBBBBBBBBBB==";

        // A proof that is right for the forged nonce, as an attacker replaying an old exchange would hold.
        string authMessage = $"n=frank,r=AAAAAAAAAAAAAAAAAAAAAA==,r={extra["nonce"]},s={extra["salt"]},i=4096,c=biws,r={forged}";
        AuthenticationRouter.Authenticate(client, Proof(Pbkdf2SaltedPassword, authMessage), new AuthExtraEntry("nonce", forged));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Authenticate_SpecDialectTlsUniqueBinding_ChecksTheBindingData()
    {
        byte[] tlsUnique = Enumerable.Range(0, 12).Select(i => (byte)(i + 40)).ToArray();
        var transport = new TransportInfo { Kind = TransportKind.Tcp, IsEncrypted = true, TlsUnique = tlsUnique };
        foreach ((byte[] sent, string verdict) in new[] { (tlsUnique, "welcome"), (new byte[12], "wamp.error.authentication_denied") })
        {
            TestClient client = _router.Connect(WampSerializer.Cbor, transport: transport);
            AuthenticationRouter.Hello(client, ["wamp-scram"], "frank", WampValue.Map(("nonce", "AAAAAAAAAAAAAAAAAAAAAA=="), ("channel_binding", "tls-unique")));
            string nonce = (string)AuthenticationRouter.ExpectChallenge(client, "wamp-scram")["nonce"]!;
            string cbind = Convert.ToBase64String([.. "p=tls-unique,,"u8.ToArray(), .. sent]);
            string authMessage = $"n=frank,r=AAAAAAAAAAAAAAAAAAAAAA==,r={nonce},s={Convert.ToBase64String(Salt)},i=4096,c={cbind},r={nonce}";

            AuthenticationRouter.Authenticate(client, Proof(Pbkdf2SaltedPassword, authMessage),
                new AuthExtraEntry("nonce", nonce), new AuthExtraEntry("channel_binding", "tls-unique"), new AuthExtraEntry("cbind_data", Convert.ToBase64String(sent)));

            if (verdict == "welcome")
            {
                AuthenticationRouter.ExpectWelcome(client, "frank", "user", "wamp-scram");
            }
            else
            {
                WampAssert.AbortedAndClosed(client, verdict);
            }
        }
    }

    [Fact]
    public void Authenticate_AutobahnDialect_UsesItsAuthMessageKdfNameAndSignatureKey()
    {
        byte[] salted = Encoding.ASCII.GetBytes(Convert.ToBase64String(Argon2SaltedPassword).TrimEnd('='));
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["scram"], "grace", WampValue.Map(("nonce", "Y2xpZW50bm9uY2U=")));
        Dictionary<string, object?> extra = AuthenticationRouter.ExpectChallenge(client, "scram");
        Assert.Equal("argon2id-13", extra["kdf"]);
        Assert.Equal(["iterations", "kdf", "memory", "nonce", "salt"], extra.Keys.Order(StringComparer.Ordinal));
        string nonce = (string)extra["nonce"]!;

        string authMessage = $"n=grace,r=Y2xpZW50bm9uY2U=,r={nonce},s={extra["salt"]},i=2,c=,r={nonce}";
        AuthenticationRouter.Authenticate(client, Proof(salted, authMessage));

        Dictionary<string, object?> welcome = AuthenticationRouter.ExpectWelcome(client, "grace", "user", "scram");
        Assert.Equal(ServerSignature(salted, authMessage), ((Dictionary<string, object?>)welcome["authextra"]!)["scram_server_signature"]);
    }

    [Fact]
    public void Hello_WithoutClientNonce_AbortsWithoutChallenge()
    {
        TestClient client = _router.Connect(WampSerializer.Json);

        AuthenticationRouter.Hello(client, ["wamp-scram"], "frank");

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    private static ScramPrincipal Principal(string authId, ScramKdf kdf, byte[] saltedPassword, int iterations, int memory)
    {
        byte[] clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        return new ScramPrincipal
        {
            AuthId = authId,
            Realm = "realm1",
            Role = "user",
            Kdf = kdf,
            Salt = Convert.ToBase64String(Salt),
            Iterations = iterations,
            Memory = memory,
            StoredKey = SHA256.HashData(clientKey),
            ServerKey = HMACSHA256.HashData(saltedPassword, "Server Key"u8),
        };
    }

    private static string Proof(byte[] saltedPassword, string authMessage)
    {
        byte[] clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        byte[] signature = HMACSHA256.HashData(SHA256.HashData(clientKey), Encoding.UTF8.GetBytes(authMessage));
        return Convert.ToBase64String(clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray());
    }

    private static string ServerSignature(byte[] saltedPassword, string authMessage) =>
        Convert.ToBase64String(HMACSHA256.HashData(HMACSHA256.HashData(saltedPassword, "Server Key"u8), Encoding.UTF8.GetBytes(authMessage)));
}
