using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Hosting;
using EdgeWamp.Router;
using EdgeWamp.Router.Authentication;
using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

/// <summary>The authentication methods' entries, the listener vocabulary and the failed-authentication limits.</summary>
public sealed class AuthenticationConfigTests
{
    private const string Hash = "pbkdf2-sha256$1000$m8rGiKbm+xAYc0WUOy6uIQ==$WGLTozf7BcUeNT+COF7C/zgXzbL04dsyHShXIQzTatE=";
    private const string Key32 = "xM881YjRHq7iZbgEBAAWXt2XcMkALRyUonCfOXoHrKs=";

    private const string Realms = """
        "realms": [ { "name": "realm1", "roles": [ { "name": "user" } ] } ]
        """;

    [Fact]
    public void Load_EveryMethod_BuildsThePrincipalsAndLimits()
    {
        EdgeWampConfig config = Valid($$"""
            { {{Realms}},
              "authentication": {
                "ticket": [ { "authid": "alice", "secretHash": "{{Hash}}", "realm": "realm1", "role": "user" } ],
                "wampcra": [ { "authid": "bob", "secret": "s", "salt": "salt123", "iterations": 100, "realm": "realm1", "role": "user" } ],
                "cryptosign": [ { "authid": "erin", "publicKeys": ["{{new string('a', 64)}}"], "realm": "realm1", "role": "user" } ],
                "scram": [ { "authid": "dave", "kdf": "argon2id13", "salt": "MDEyMzQ1Njc4OWFiY2RlZg==", "iterations": 2, "memory": 1024,
                             "storedKey": "{{Key32}}", "serverKey": "{{Key32}}", "realm": "realm1", "role": "user" } ],
                "tls": [ { "authid": "pi7", "thumbprint": "{{new string('0', 64)}}", "realm": "realm1", "role": "user" } ] },
              "listeners": [ { "tcp": "127.0.0.1:8080", "authMethods": ["ticket", "wampcra", "cryptosign", "scram", "tls"] } ],
              "limits": { "authFailureLimit": 7, "authFailureWindowSeconds": 30, "authFailureCooldownSeconds": 90, "authFailureMaxAddresses": 64,
                          "authChallengeTimeoutSeconds": 12 } }
            """);

        AuthenticationOptions options = RouterFactory.CreateAuthentication(config);

        Assert.True(Assert.Single(options.Ticket).SecretHash.Matches("alice-ticket"u8));
        Assert.Equal(("salt123", 100), (Assert.Single(options.WampCra).Salt, options.WampCra[0].Iterations));
        Assert.Equal(32, Assert.Single(Assert.Single(options.Cryptosign).PublicKeys).Length);
        ScramPrincipal scram = Assert.Single(options.Scram);
        Assert.Equal((ScramKdf.Argon2id13, 2, 1024, 32), (scram.Kdf, scram.Iterations, scram.Memory, scram.StoredKey.Length));
        Assert.Equal("pi7", Assert.Single(options.Tls).AuthId);
        Assert.Equal((7, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90), 64),
            (options.FailureLimits.MaxFailures, options.FailureLimits.Window, options.FailureLimits.Cooldown, options.FailureLimits.MaxAddresses));
        Assert.Equal(TimeSpan.FromSeconds(12), options.ChallengeTimeout);
        Assert.Equal(AuthMethods.Ticket | AuthMethods.WampCra | AuthMethods.Cryptosign | AuthMethods.Scram | AuthMethods.Tls,
            RouterFactory.ParseAuthMethods(config.Listeners[0].AuthMethods));
    }

    [Fact]
    public void Load_TicketWithPlainSecretAsHash_ReportsAtTheHash()
    {
        string message = SingleError($$"""
            { {{Realms}},
              "authentication": { "ticket": [ { "authid": "alice", "secretHash": "alice-ticket", "realm": "realm1", "role": "user" } ] } }
            """, "$.authentication.ticket[0].secretHash", 2, 70);

        Assert.Contains("edgewamp hash-secret", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"kdf\": \"scrypt\"", "$.authentication.scram[0].kdf")]
    [InlineData("\"memory\": 4", "$.authentication.scram[0].memory")]
    [InlineData("\"iterations\": 0", "$.authentication.scram[0].iterations")]
    [InlineData("\"salt\": \"not base64!\"", "$.authentication.scram[0].salt")]
    [InlineData("\"storedKey\": \"AAAA\"", "$.authentication.scram[0].storedKey")]
    [InlineData("\"serverKey\": \"%%%\"", "$.authentication.scram[0].serverKey")]
    public void Load_ScramEntryWithBadMember_ReportsAtThatMember(string member, string path)
    {
        var entry = new Dictionary<string, string>
        {
            ["authid"] = "\"authid\": \"dave\"",
            ["kdf"] = "\"kdf\": \"argon2id13\"",
            ["salt"] = "\"salt\": \"MDEyMzQ1Njc4OWFiY2RlZg==\"",
            ["iterations"] = "\"iterations\": 2",
            ["memory"] = "\"memory\": 1024",
            ["storedKey"] = $"\"storedKey\": \"{Key32}\"",
            ["serverKey"] = $"\"serverKey\": \"{Key32}\"",
            ["realm"] = "\"realm\": \"realm1\"",
            ["role"] = "\"role\": \"user\"",
        };
        entry[member[1..member.IndexOf('"', 1)]] = member;

        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}}, "authentication": { "scram": [ { {{string.Join(", ", entry.Values)}} } ] } }
            """);

        Assert.Equal(path, Assert.Single(errors).Path);
    }

    [Fact]
    public void Load_TlsThumbprintNotHex_ReportsAtTheThumbprint()
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}}, "authentication": { "tls": [ { "authid": "pi7", "thumbprint": "AB:CD", "realm": "realm1", "role": "user" } ] } }
            """);

        Assert.Equal("$.authentication.tls[0].thumbprint", Assert.Single(errors).Path);
    }

    [Fact]
    public void Load_UplinkWithScram_IsRefusedThoughListenersAcceptIt()
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}},
              "uplinks": [ { "name": "cloud", "url": "rs://cloud.example:8080", "realm": "fleet",
                             "authentication": { "method": "scram", "authid": "pi7", "secret": "x" } } ] }
            """);

        Assert.Equal("$.uplinks[0].authentication.method", Assert.Single(errors).Path);
    }

    [Theory]
    [InlineData("authFailureLimit", -1)]
    [InlineData("authFailureWindowSeconds", 0)]
    [InlineData("authFailureCooldownSeconds", 0)]
    [InlineData("authFailureMaxAddresses", 0)]
    [InlineData("authChallengeTimeoutSeconds", 0)]
    public void Load_AuthFailureLimitOutOfRange_ReportsAtTheKey(string key, int value)
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}}, "limits": { "{{key}}": {{value}} } }
            """);

        Assert.Equal($"$.limits.{key}", Assert.Single(errors).Path);
    }

    [Fact]
    public void Load_JwtIssuer_BuildsItsKeys()
    {
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        string pem = ec.ExportSubjectPublicKeyInfoPem().Replace("\n", "\\n", StringComparison.Ordinal);
        EdgeWampConfig config = Valid($$"""
            { {{Realms}},
              "authentication": { "jwt": [ { "issuer": "https://auth.example", "audience": "edgewamp", "realm": "realm1",
                "role": "user", "roleClaim": "role", "clockSkewSeconds": 30,
                "keys": [ { "alg": "ES256", "kid": "k1", "publicKey": "{{pem}}" } ] } ] } }
            """);

        JwtIssuer issuer = Assert.Single(RouterFactory.CreateAuthentication(config).Jwt);

        Assert.Equal(("https://auth.example", "edgewamp", "sub", "role", TimeSpan.FromSeconds(30)),
            (issuer.Issuer, issuer.Audience, issuer.AuthIdClaim, issuer.RoleClaim, issuer.ClockSkew));
        Assert.Equal((JwtAlgorithm.ES256, "k1"), (Assert.Single(issuer.Keys).Algorithm, issuer.Keys[0].KeyId));
    }

    [Theory]
    [InlineData("\"alg\": \"HS256\", \"publicKey\": \"x\"", "$.authentication.jwt[0].keys[0].alg")]
    [InlineData("\"alg\": \"RS256\", \"publicKey\": \"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"", "$.authentication.jwt[0].keys[0].publicKey")]
    public void Load_JwtKeyBad_ReportsAtTheKey(string key, string path)
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}}, "authentication": { "jwt": [ { "issuer": "i", "audience": "a", "realm": "realm1", "role": "user", "keys": [ { {{key}} } ] } ] } }
            """);

        Assert.Equal(path, Assert.Single(errors).Path);
    }

    [Fact]
    public void Load_JwtWithoutRoleOrRoleClaim_IsAnError()
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}}, "authentication": { "jwt": [ { "issuer": "i", "audience": "a", "realm": "realm1", "keys": [] } ] } }
            """);

        Assert.Equal(["$.authentication.jwt[0]", "$.authentication.jwt[0].keys"], errors.Select(error => error.Path));
    }

    [Fact]
    public void Load_PermissionWithDisclose_ForcesItInTheRule()
    {
        EdgeWampConfig config = Valid("""
            { "realms": [ { "name": "r", "roles": [ { "name": "u", "permissions": [
                { "uri": "audited.", "match": "prefix", "allow": ["call", "publish"], "disclose": { "caller": true, "publisher": true } },
                { "uri": "plain.", "match": "prefix", "allow": ["call"] } ] } ] } ] }
            """);

        Router.Authorization.Role role = RouterFactory.CreateRole(config.Realms[0].Roles[0]);

        Assert.Equal(Router.Authorization.RuleDisclosure.Caller | Router.Authorization.RuleDisclosure.Publisher, role.Permissions[0].Disclose);
        Assert.Equal(Router.Authorization.RuleDisclosure.None, role.Permissions[1].Disclose);
    }

    [Fact]
    public void Load_Cookie_SetsTheJarLimitsAndTheListenerMethod()
    {
        EdgeWampConfig config = Valid($$"""
            { {{Realms}}, "authentication": { "cookie": { "maxAgeSeconds": 3600, "maxEntries": 50 } },
              "listeners": [ { "tcp": "127.0.0.1:8080", "websocket": { "path": "/ws" }, "authMethods": ["cookie", "anonymous"] } ] }
            """);

        AuthenticationOptions options = RouterFactory.CreateAuthentication(config);

        Assert.Equal((TimeSpan.FromHours(1), 50), (options.Cookies.MaxAge, options.Cookies.MaxEntries));
        Assert.Equal(AuthMethods.Cookie | AuthMethods.Anonymous, RouterFactory.ParseAuthMethods(config.Listeners[0].AuthMethods));
    }

    [Fact]
    public void Load_CookieMaxAgeZero_ReportsAtTheKey()
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}}, "authentication": { "cookie": { "maxAgeSeconds": 0 } } }
            """);

        Assert.Equal("$.authentication.cookie.maxAgeSeconds", Assert.Single(errors).Path);
    }
}
