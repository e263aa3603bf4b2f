using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Tests.Testing;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace EdgeWamp.Router.Tests.Authentication;

/// <summary>JWT bearer tokens through the ticket method; tokens are minted here with .NET's RSA/ECDsa and BouncyCastle's Ed25519.</summary>
public sealed class JwtAuthenticationTests : IDisposable
{
    private const string Issuer = "https://auth.example";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
    private static readonly byte[] EdPrivate = Enumerable.Range(9, 32).Select(i => (byte)i).ToArray();

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _rogueRsa = RSA.Create(2048);
    private readonly ManualTimeProvider _time = new(Now);
    private readonly AuthenticationRouter _router;

    public JwtAuthenticationTests()
    {
        byte[] edPublic = new byte[32];
        Ed25519.GeneratePublicKey(EdPrivate, 0, edPublic, 0);
        string edPem = PemEncoding.WriteString("PUBLIC KEY", [.. Convert.FromHexString("302a300506032b6570032100"), .. edPublic]);
        _router = new AuthenticationRouter(
            AuthenticationRouter.Inline(ticket: [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "user", SecretHash = SecretHash.Create("t", SecretHash.MinIterations) }]) is var options
                ? new AuthenticationOptions
                {
                    Ticket = options.Ticket,
                    Scheduler = options.Scheduler,
                    FailureLimits = options.FailureLimits,
                    Jwt =
                    [
                        new JwtIssuer
                        {
                            Issuer = Issuer,
                            Audience = "edgewamp",
                            Realm = "realm1",
                            Role = "reader",
                            RoleClaim = "edgewamp_role",
                            Keys =
                            [
                                Key(JwtAlgorithm.RS256, _rsa.ExportSubjectPublicKeyInfoPem()),
                                Key(JwtAlgorithm.ES256, _ec.ExportSubjectPublicKeyInfoPem()),
                                Key(JwtAlgorithm.EdDSA, edPem),
                            ],
                        },
                    ],
                }
                : throw new InvalidOperationException(),
            _time);
    }

    public void Dispose()
    {
        _router.Dispose();
        _rsa.Dispose();
        _ec.Dispose();
        _rogueRsa.Dispose();
    }

    public static TheoryData<JwtAlgorithm> Algorithms => [JwtAlgorithm.RS256, JwtAlgorithm.ES256, JwtAlgorithm.EdDSA];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Authenticate_ValidToken_WelcomesWithClaimsAuthIdAndDefaultRole(JwtAlgorithm algorithm)
    {
        Assert.Equal("welcome henry/reader", Try(Mint(algorithm, Claims())));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Authenticate_RoleClaim_PicksTheRole(JwtAlgorithm algorithm)
    {
        Assert.Equal("welcome henry/user", Try(Mint(algorithm, Claims(("edgewamp_role", "user")))));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Authenticate_Expired_IsDeniedButWithinTheSkewIsAccepted(JwtAlgorithm algorithm)
    {
        Assert.Equal("wamp.error.authentication_denied", Try(Mint(algorithm, Claims(("exp", Now.ToUnixTimeSeconds() - 61)))));
        Assert.Equal("welcome henry/reader", Try(Mint(algorithm, Claims(("exp", Now.ToUnixTimeSeconds() - 30)))));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Authenticate_NotBeforeInTheFuture_IsDeniedButWithinTheSkewIsAccepted(JwtAlgorithm algorithm)
    {
        Assert.Equal("wamp.error.authentication_denied", Try(Mint(algorithm, Claims(("nbf", Now.ToUnixTimeSeconds() + 120)))));
        Assert.Equal("welcome henry/reader", Try(Mint(algorithm, Claims(("nbf", Now.ToUnixTimeSeconds() + 30)))));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Authenticate_WrongAudienceIssuerOrNoExpiry_IsDenied(JwtAlgorithm algorithm)
    {
        Assert.Equal("wamp.error.authentication_denied", Try(Mint(algorithm, Claims(("aud", "other")))));
        Assert.Equal("wamp.error.authentication_denied", Try(Mint(algorithm, Claims(("iss", "https://evil.example")))));
        Assert.Equal("wamp.error.authentication_denied", Try(Mint(algorithm, Claims(("exp", null)))));
    }

    [Fact]
    public void Authenticate_AudienceList_ContainingOurs_IsAccepted()
    {
        Assert.Equal("welcome henry/reader", Try(Mint(JwtAlgorithm.ES256, Claims(("aud", new[] { "x", "edgewamp" })))));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Authenticate_TamperedPayload_IsDenied(JwtAlgorithm algorithm)
    {
        string[] parts = Mint(algorithm, Claims()).Split('.');
        parts[1] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Claims(("sub", "root"))));

        Assert.Equal("wamp.error.authentication_denied", Try(string.Join('.', parts)));
    }

    [Fact]
    public void Authenticate_SignedByAnUnknownKey_IsDenied()
    {
        Assert.Equal("wamp.error.authentication_denied", Try(Mint(JwtAlgorithm.RS256, Claims(), _rogueRsa)));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("0")]
    public void Authenticate_AlgorithmNotAccepted_IsDenied(string alg)
    {
        string header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"{{alg}}","typ":"JWT"}"""));
        string payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Claims()));
        string signature = Base64Url.EncodeToString(HMACSHA256.HashData("key"u8, Encoding.ASCII.GetBytes(header + "." + payload)));

        Assert.Equal("wamp.error.authentication_denied", Try($"{header}.{payload}.{signature}"));
        Assert.Equal("wamp.error.authentication_denied", Try($"{header}.{payload}."));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("!!.??.##")]
    [InlineData("e30.e30.e30")]
    public void Authenticate_NotAJwt_IsDenied(string token)
    {
        Assert.Equal("wamp.error.authentication_denied", Try(token));
    }

    [Fact]
    public void Authenticate_HelloAuthIdNotTheTokens_IsDenied()
    {
        Assert.Equal("wamp.error.authentication_denied", Try(Mint(JwtAlgorithm.EdDSA, Claims()), helloAuthId: "somebody"));
        Assert.Equal("welcome henry/reader", Try(Mint(JwtAlgorithm.EdDSA, Claims()), helloAuthId: "henry"));
    }

    [Fact]
    public void FromPem_KeyOfAnotherAlgorithm_ReportsWhy()
    {
        Assert.Null(JwtIssuerKey.FromPem(JwtAlgorithm.ES256, _rsa.ExportSubjectPublicKeyInfoPem(), null, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Null(JwtIssuerKey.FromPem(JwtAlgorithm.EdDSA, _ec.ExportSubjectPublicKeyInfoPem(), null, out error));
        Assert.Null(JwtIssuerKey.FromPem(JwtAlgorithm.RS256, "not pem", null, out error));
    }

    private static JwtIssuerKey Key(JwtAlgorithm algorithm, string pem) =>
        JwtIssuerKey.FromPem(algorithm, pem, null, out string? error) ?? throw new InvalidOperationException(error);

    private static string Claims(params (string Name, object? Value)[] overrides)
    {
        var claims = new Dictionary<string, object?>
        {
            ["iss"] = Issuer,
            ["aud"] = "edgewamp",
            ["sub"] = "henry",
            ["exp"] = Now.ToUnixTimeSeconds() + 300,
        };
        foreach ((string name, object? value) in overrides)
        {
            claims[name] = value;
        }

        var json = new StringBuilder("{");
        foreach ((string name, object? value) in claims)
        {
            if (value is null)
            {
                continue;
            }

            json.Append(json.Length > 1 ? "," : string.Empty).Append('"').Append(name).Append("\":").Append(value switch
            {
                string text => $"\"{text}\"",
                string[] list => "[" + string.Join(",", list.Select(item => $"\"{item}\"")) + "]",
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return json.Append('}').ToString();
    }

    private string Mint(JwtAlgorithm algorithm, string claims, RSA? rsa = null)
    {
        string header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"{{algorithm}}","typ":"JWT"}"""));
        string payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims));
        byte[] input = Encoding.ASCII.GetBytes(header + "." + payload);
        byte[] signature;
        switch (algorithm)
        {
            case JwtAlgorithm.RS256:
                signature = (rsa ?? _rsa).SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                break;
            case JwtAlgorithm.ES256:
                signature = _ec.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                break;
            default:
                signature = new byte[Ed25519.SignatureSize];
                Ed25519.Sign(EdPrivate, 0, input, 0, input.Length, signature, 0);
                break;
        }

        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>HELLO (ticket) + AUTHENTICATE with the token: "welcome authid/role" or the ABORT reason.</summary>
    private string Try(string token, string? helloAuthId = null)
    {
        TestClient client = _router.Connect(WampSerializer.Cbor);
        AuthenticationRouter.Hello(client, ["ticket"], helloAuthId);
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        AuthenticationRouter.Authenticate(client, token);
        ReceivedMessage verdict = client.Single();
        if (verdict.Type != Protocol.Messages.WampMessageType.Welcome)
        {
            return verdict.Text;
        }

        string result = $"welcome {verdict.DetailsMap["authid"]}/{verdict.DetailsMap["authrole"]}";
        client.Goodbye();
        client.TakeAll();
        return result;
    }
}
