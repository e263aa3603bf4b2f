using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

public sealed class WampCraAuthenticationTests : IDisposable
{
    private readonly AuthenticationRouter _router = new(AuthenticationRouter.Inline(wampCra:
    [
        new WampCraPrincipal { AuthId = "bob", Realm = "realm1", Role = "reader", Secret = "bob-secret" },
        new WampCraPrincipal { AuthId = "carol", Realm = "realm1", Role = "user", Secret = "carol-password", Salt = "salt123", Iterations = 100, KeyLength = 32 },
    ]));

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Authenticate_PlainRightSignature_Welcomes(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);
        AuthenticationRouter.Hello(client, ["wampcra"], "bob");
        Dictionary<string, object?> extra = AuthenticationRouter.ExpectChallenge(client, "wampcra");
        string challenge = (string)extra["challenge"]!;
        Assert.False(extra.ContainsKey("salt"));

        AuthenticationRouter.Authenticate(client, Sign("bob-secret"u8.ToArray(), challenge));

        Dictionary<string, object?> welcome = AuthenticationRouter.ExpectWelcome(client, "bob", "reader", "wampcra");
        using JsonDocument json = JsonDocument.Parse(challenge);
        JsonElement root = json.RootElement;
        Assert.Equal("bob", root.GetProperty("authid").GetString());
        Assert.Equal("reader", root.GetProperty("authrole").GetString());
        Assert.Equal("wampcra", root.GetProperty("authmethod").GetString());
        Assert.Equal("static", root.GetProperty("authprovider").GetString());
        Assert.Equal(client.Session.Id, root.GetProperty("session").GetUInt64());
        Assert.Equal(24, root.GetProperty("nonce").GetString()!.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("timestamp").GetString()!);
        Assert.Equal("static", welcome["authprovider"]);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Authenticate_PlainWrongSignature_AbortsWithAuthenticationDenied(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);
        AuthenticationRouter.Hello(client, ["wampcra"], "bob");
        string challenge = (string)AuthenticationRouter.ExpectChallenge(client, "wampcra")["challenge"]!;

        AuthenticationRouter.Authenticate(client, Sign("not-bob-secret"u8.ToArray(), challenge));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    public void Authenticate_MalformedSignature_AbortsWithAuthenticationDenied(string signature)
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["wampcra"], "bob");
        AuthenticationRouter.ExpectChallenge(client, "wampcra");

        AuthenticationRouter.Authenticate(client, signature);

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Authenticate_SignatureOfAnEarlierChallenge_IsRefused()
    {
        TestClient first = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(first, ["wampcra"], "bob");
        string oldChallenge = (string)AuthenticationRouter.ExpectChallenge(first, "wampcra")["challenge"]!;
        first.Abort();

        TestClient second = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(second, ["wampcra"], "bob");
        AuthenticationRouter.ExpectChallenge(second, "wampcra");
        AuthenticationRouter.Authenticate(second, Sign("bob-secret"u8.ToArray(), oldChallenge));

        WampAssert.AbortedAndClosed(second, "wamp.error.authentication_denied");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Authenticate_SaltedRightSignature_WelcomesAndChallengeCarriesTheKdfParameters(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);
        AuthenticationRouter.Hello(client, ["wampcra"], "carol");
        Dictionary<string, object?> extra = AuthenticationRouter.ExpectChallenge(client, "wampcra");
        Assert.Equal("salt123", extra["salt"]);
        Assert.Equal(100L, Convert.ToInt64(extra["iterations"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(32L, Convert.ToInt64(extra["keylen"], System.Globalization.CultureInfo.InvariantCulture));

        byte[] key = Encoding.ASCII.GetBytes(Convert.ToBase64String(
            Rfc2898DeriveBytes.Pbkdf2("carol-password"u8, "salt123"u8, 100, HashAlgorithmName.SHA256, 32)));
        AuthenticationRouter.Authenticate(client, Sign(key, (string)extra["challenge"]!));

        AuthenticationRouter.ExpectWelcome(client, "carol", "user", "wampcra");
    }

    [Fact]
    public void Authenticate_SaltedSignedWithThePasswordInsteadOfTheDerivedKey_IsRefused()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor);
        AuthenticationRouter.Hello(client, ["wampcra"], "carol");
        string challenge = (string)AuthenticationRouter.ExpectChallenge(client, "wampcra")["challenge"]!;

        AuthenticationRouter.Authenticate(client, Sign("carol-password"u8.ToArray(), challenge));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Key_Salted_IsAutobahnsDeriveKey()
    {
        var principal = new WampCraPrincipal { AuthId = "carol", Realm = "r", Role = "u", Secret = "carol-password", Salt = "salt123", Iterations = 100, KeyLength = 32 };

        // autobahn.wamp.auth.derive_key(b"carol-password", b"salt123", 100, 32), run with Debian's python3-autobahn.
        Assert.Equal("gBhxNPM5VA+w2THiQdUC5pIFkGrpDg3boicrMxm6nIE=", Encoding.ASCII.GetString(principal.Key));
    }

    private static string Sign(byte[] key, string challenge) => Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(challenge)));
}
