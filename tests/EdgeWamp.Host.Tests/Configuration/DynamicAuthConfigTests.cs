using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Hosting;
using EdgeWamp.Router;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Authorization;
using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

/// <summary>authentication.dynamic (dynamic authenticators) and roles[].authorizer (dynamic authorizers).</summary>
public sealed class DynamicAuthConfigTests
{
    private const string Realms = """
        "realms": [ { "name": "realm1", "roles": [ { "name": "user", "authorizer": "com.example.authorize", "authorizerTimeoutMs": 750 },
                                                   { "name": "trusted", "permissions": [ { "uri": "com.example.", "match": "prefix", "allow": ["register"] } ] } ] },
                    { "name": "auth" } ]
        """;

    [Fact]
    public void Load_DynamicAuthenticatorAndAuthorizer_BuildTheRouterOptions()
    {
        EdgeWampConfig config = Valid($$"""
            { {{Realms}},
              "authentication": { "dynamic": [ { "realm": "realm1", "procedure": "com.example.authenticate", "authenticatorRealm": "auth",
                                                 "methods": ["ticket"], "timeoutMs": 2500 } ] } }
            """);

        DynamicAuthenticator authenticator = Assert.Single(RouterFactory.CreateAuthentication(config).Dynamic);
        Assert.Equal(("realm1", "com.example.authenticate", "auth", AuthMethods.Ticket, TimeSpan.FromMilliseconds(2500)),
            (authenticator.Realm, authenticator.Procedure, authenticator.AuthenticatorRealm, authenticator.Methods, authenticator.Timeout));
        Role user = RouterFactory.CreateRole(config.Realms[0].Roles[0]);
        Assert.Equal(("com.example.authorize", TimeSpan.FromMilliseconds(750)), (user.Authorizer, user.AuthorizerTimeout));
        Assert.Null(RouterFactory.CreateRole(config.Realms[0].Roles[1]).Authorizer);
    }

    [Fact]
    public void Load_DynamicAuthenticatorDefaults_TicketFiveSecondsOwnRealm()
    {
        EdgeWampConfig config = Valid($$"""
            { {{Realms}}, "authentication": { "dynamic": [ { "realm": "realm1", "procedure": "com.example.authenticate" } ] } }
            """);

        DynamicAuthenticator authenticator = Assert.Single(RouterFactory.CreateAuthentication(config).Dynamic);
        Assert.Equal((null, AuthMethods.Ticket, TimeSpan.FromSeconds(5)), (authenticator.AuthenticatorRealm, authenticator.Methods, authenticator.Timeout));
    }

    [Theory]
    [InlineData("\"realm\": \"nowhere\", \"procedure\": \"com.example.a\"", "$.authentication.dynamic[0].realm")]
    [InlineData("\"realm\": \"realm1\", \"procedure\": \"com.example.a\", \"authenticatorRealm\": \"nowhere\"", "$.authentication.dynamic[0].authenticatorRealm")]
    [InlineData("\"realm\": \"realm1\", \"procedure\": \"wamp.session.get\"", "$.authentication.dynamic[0].procedure")]
    [InlineData("\"realm\": \"realm1\", \"procedure\": \"com..bad\"", "$.authentication.dynamic[0].procedure")]
    [InlineData("\"realm\": \"realm1\", \"procedure\": \"com.example.a\", \"methods\": [\"wampcra\"]", "$.authentication.dynamic[0].methods[0]")]
    [InlineData("\"realm\": \"realm1\", \"procedure\": \"com.example.a\", \"methods\": []", "$.authentication.dynamic[0].methods")]
    [InlineData("\"realm\": \"realm1\", \"procedure\": \"com.example.a\", \"timeoutMs\": 0", "$.authentication.dynamic[0].timeoutMs")]
    public void Load_BadDynamicAuthenticator_ReportsAtTheMember(string members, string path)
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}}, "authentication": { "dynamic": [ { {{members}} } ] } }
            """);

        Assert.Equal(path, Assert.Single(errors).Path);
    }

    [Fact]
    public void Load_TwoDynamicAuthenticatorsForOneRealm_IsAnError()
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}}, "authentication": { "dynamic": [ { "realm": "realm1", "procedure": "com.example.a" },
                                                           { "realm": "realm1", "procedure": "com.example.b" } ] } }
            """);

        ConfigError error = Assert.Single(errors);
        Assert.Equal("$.authentication.dynamic[1].realm", error.Path);
        Assert.Contains("one per realm", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"authorizer\": \"wamp.authorize\"", "$.realms[0].roles[0].authorizer")]
    [InlineData("\"authorizer\": \"not a uri\"", "$.realms[0].roles[0].authorizer")]
    [InlineData("\"authorizer\": \"com.example.authorize\", \"authorizerTimeoutMs\": 60001", "$.realms[0].roles[0].authorizerTimeoutMs")]
    public void Load_BadAuthorizer_ReportsAtTheMember(string members, string path)
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { "realms": [ { "name": "realm1", "roles": [ { "name": "user", {{members}} } ] } ] }
            """);

        Assert.Equal(path, Assert.Single(errors).Path);
    }
}
