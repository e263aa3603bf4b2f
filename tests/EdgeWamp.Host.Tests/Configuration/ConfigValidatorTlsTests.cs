using EdgeWamp.Host.Configuration;
using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

/// <summary>The listener's <c>tls</c> and <c>websocket</c> settings, validated with their JSON paths.</summary>
public sealed class ConfigValidatorTlsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edgewamp-tls-config-");

    public ConfigValidatorTlsTests()
    {
        // Only existence is checked by the validator; the router reads the PEM contents when it starts.
        File.WriteAllText(Path.Combine(_directory.FullName, "server.pem"), "certificate");
        File.WriteAllText(Path.Combine(_directory.FullName, "server.key"), "key");
        File.WriteAllText(Path.Combine(_directory.FullName, "ca.pem"), "ca");
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name).Replace("\\", "\\\\", StringComparison.Ordinal);

    private string Listener(string tls, string extra = "") =>
        $$"""
        { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "*:8443", "authMethods": ["anonymous"]{{extra}},
            "tls": {{tls}} } ] }
        """;

    [Fact]
    public void Validate_TlsWithExistingFiles_IsValidAndRead()
    {
        EdgeWampConfig config = Valid(Listener($$"""{ "certificate": "{{PathOf("server.pem")}}", "key": "{{PathOf("server.key")}}", "clientCertificates": "required", "clientCa": "{{PathOf("ca.pem")}}" }"""));

        TlsConfig tls = config.Listeners[0].Tls!;
        Assert.EndsWith("server.pem", tls.Certificate, StringComparison.Ordinal);
        Assert.Equal("required", tls.ClientCertificates);
        Assert.EndsWith("ca.pem", tls.ClientCa, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TlsDefaults_ClientCertificatesNone()
    {
        EdgeWampConfig config = Valid(Listener($$"""{ "certificate": "{{PathOf("server.pem")}}", "key": "{{PathOf("server.key")}}" }"""));

        Assert.Equal("none", config.Listeners[0].Tls!.ClientCertificates);
        Assert.Null(config.Listeners[0].Tls!.ClientCa);
    }

    [Fact]
    public void Validate_MissingCertificateFile_ReportsAtTheCertificate()
    {
        var error = Assert.Single(Errors(Listener($$"""{ "certificate": "{{PathOf("absent.pem")}}", "key": "{{PathOf("server.key")}}" }""")));

        Assert.Equal("$.listeners[0].tls.certificate", error.Path);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingKeyProperty_IsAnError()
    {
        var error = Assert.Single(Errors(Listener($$"""{ "certificate": "{{PathOf("server.pem")}}" }""")));

        Assert.StartsWith("$.listeners[0].tls", error.Path, StringComparison.Ordinal);
        Assert.Contains("key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownClientCertificateMode_ReportsTheChoices()
    {
        var error = Assert.Single(Errors(Listener($$"""{ "certificate": "{{PathOf("server.pem")}}", "key": "{{PathOf("server.key")}}", "clientCertificates": "sometimes" }""")));

        Assert.Equal("$.listeners[0].tls.clientCertificates", error.Path);
        Assert.Equal("unknown mode 'sometimes'; expected one of: none, optional, required", error.Message);
    }

    [Fact]
    public void Validate_RequiredClientCertificatesWithoutCa_ReportsAtTheCa()
    {
        var error = Assert.Single(Errors(Listener($$"""{ "certificate": "{{PathOf("server.pem")}}", "key": "{{PathOf("server.key")}}", "clientCertificates": "optional" }""")));

        Assert.Equal("$.listeners[0].tls.clientCa", error.Path);
    }

    [Fact]
    public void Validate_TlsOnAUnixListener_IsAnError()
    {
        var error = Assert.Single(Errors($$"""
            { "realms": [ { "name": "r" } ], "listeners": [ { "unix": "a.sock", "authMethods": ["anonymous"],
                "tls": { "certificate": "{{PathOf("server.pem")}}", "key": "{{PathOf("server.key")}}" } } ] }
            """));

        Assert.Equal("$.listeners[0].tls", error.Path);
        Assert.Equal("'tls' is only valid on a 'tcp' listener", error.Message);
    }

    [Theory]
    [InlineData("https://dashboard.local")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("*")]
    [InlineData("null")]
    public void Validate_AllowedOrigin_Valid(string origin)
    {
        EdgeWampConfig config = Valid($$"""
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "*:80", "authMethods": ["anonymous"],
                "websocket": { "allowedOrigins": ["{{origin}}"] } } ] }
            """);

        Assert.Equal([origin], config.Listeners[0].WebSocket!.AllowedOrigins);
        Assert.Equal("cbtid", config.Listeners[0].WebSocket!.Cookie);
    }

    [Theory]
    [InlineData("dashboard.local")]
    [InlineData("https://dashboard.local/")]
    [InlineData("https://dashboard.local/page")]
    public void Validate_AllowedOriginThatIsNoOrigin_ReportsAtTheItem(string origin)
    {
        var error = Assert.Single(Errors($$"""
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "*:80", "authMethods": ["anonymous"],
                "websocket": { "allowedOrigins": ["*", "{{origin}}"] } } ] }
            """));

        Assert.Equal("$.listeners[0].websocket.allowedOrigins[1]", error.Path);
    }

    [Fact]
    public void Validate_CookieNameWithASpace_IsAnError()
    {
        var error = Assert.Single(Errors("""
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "*:80", "authMethods": ["anonymous"],
                "websocket": { "cookie": "my cookie" } } ] }
            """));

        Assert.Equal("$.listeners[0].websocket.cookie", error.Path);
    }

    [Fact]
    public void Validate_CookieNull_TurnsCookiesOff()
    {
        EdgeWampConfig config = Valid("""
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "*:80", "authMethods": ["anonymous"],
                "websocket": { "cookie": null } } ] }
            """);

        Assert.Null(config.Listeners[0].WebSocket!.Cookie);
    }
}
