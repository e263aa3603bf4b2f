using System.Text;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

/// <summary>
/// A <see cref="TestRouter"/> with realm "realm1" (roles "user": everything, "reader": subscribe under "sensors.") and
/// realm "other" (role "user"), principals from the test, and helpers for HELLO with credentials and AUTHENTICATE.
/// </summary>
internal sealed class AuthenticationRouter : IDisposable
{
    public const AuthMethods AllMethods = AuthMethods.Anonymous | AuthMethods.Ticket | AuthMethods.WampCra | AuthMethods.Cryptosign | AuthMethods.Scram | AuthMethods.Tls;

    public AuthenticationRouter(AuthenticationOptions options, TimeProvider? time = null, string? anonymousRole = null, TimeSpan? helloTimeout = null)
    {
        Options = options;
        Router = new TestRouter(options, time, helloTimeout, Realm("realm1", anonymousRole), Realm("other", null));
    }

    public AuthenticationOptions Options { get; }

    public TestRouter Router { get; }

    /// <summary>Options whose checks run inline, within the AUTHENTICATE send.</summary>
    public static AuthenticationOptions Inline(
        IReadOnlyList<TicketPrincipal>? ticket = null,
        IReadOnlyList<WampCraPrincipal>? wampCra = null,
        IReadOnlyList<CryptosignPrincipal>? cryptosign = null,
        IReadOnlyList<ScramPrincipal>? scram = null,
        IReadOnlyList<TlsPrincipal>? tls = null,
        FailedAuthenticationLimits? limits = null,
        TaskScheduler? scheduler = null) => new()
    {
        Ticket = ticket ?? [],
        WampCra = wampCra ?? [],
        Cryptosign = cryptosign ?? [],
        Scram = scram ?? [],
        Tls = tls ?? [],
        FailureLimits = limits ?? new FailedAuthenticationLimits { MaxFailures = 0 },
        Scheduler = scheduler ?? new ManualTaskScheduler(inline: true),
    };

    public TestClient Connect(WampSerializer serializer, AuthMethods methods = AllMethods, TransportInfo? transport = null)
    {
        TestClient client = Router.Connect(serializer, methods);
        if (transport is not null)
        {
            client.Connection.Transport = transport;
        }

        return client;
    }

    public static void Hello(TestClient client, string[] methods, string? authId = null, Dictionary<string, object?>? authExtra = null, string realm = "realm1")
    {
        Dictionary<string, object?> details = TestClient.DefaultHelloDetails();
        details["authmethods"] = methods.Cast<object?>().ToArray();
        if (authId is not null)
        {
            details["authid"] = authId;
        }

        if (authExtra is not null)
        {
            details["authextra"] = authExtra;
        }

        client.Hello(realm, details);
    }

    /// <summary>Expects a CHALLENGE for <paramref name="method"/> as the only answer; returns its Extra.</summary>
    public static Dictionary<string, object?> ExpectChallenge(TestClient client, string method)
    {
        ReceivedMessage challenge = client.Single();
        Assert.Equal(WampMessageType.Challenge, challenge.Type);
        Assert.Equal(method, challenge.Text);
        Assert.Equal(EdgeWamp.Router.Sessions.SessionState.Authenticating, client.Session.State);
        return challenge.DetailsMap;
    }

    public static void Authenticate(TestClient client, string signature, params AuthExtraEntry[] extra) =>
        client.Send(new AuthenticateMessage { Signature = Encoding.UTF8.GetBytes(signature), Extra = extra });

    /// <summary>Expects WELCOME with this authentication; returns its Details.</summary>
    public static Dictionary<string, object?> ExpectWelcome(TestClient client, string authId, string authRole, string authMethod)
    {
        ReceivedMessage welcome = client.Single();
        Assert.True(welcome.Type == WampMessageType.Welcome, $"expected WELCOME, got {welcome}: {WampValue.Canonical(welcome.DetailsMap)}");
        Dictionary<string, object?> details = welcome.DetailsMap;
        Assert.Equal(authId, details["authid"]);
        Assert.Equal(authRole, details["authrole"]);
        Assert.Equal(authMethod, details["authmethod"]);
        Assert.Equal("static", details["authprovider"]);
        Assert.Equal(EdgeWamp.Router.Sessions.SessionState.Established, client.Session.State);
        Assert.Equal(welcome.FirstId, client.Session.Id);
        return details;
    }

    public void Dispose() => Router.Dispose();

    private static RealmOptions Realm(string name, string? anonymousRole) => new()
    {
        Name = name,
        Roles =
        [
            new Role("user", [new PermissionRule(string.Empty, UriMatch.Prefix, TestRouter.AllActions)]),
            new Role("reader", [new PermissionRule("sensors.", UriMatch.Prefix, WampAction.Subscribe)]),
        ],
        AnonymousRole = anonymousRole,
    };
}
