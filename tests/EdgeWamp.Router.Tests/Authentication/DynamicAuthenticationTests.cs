using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

/// <summary>
/// Dynamic authentication: a session of realm1 (anonymous role "user", which may register anything) registers the
/// authenticator; ticket clients without a static principal are judged by its answers. Answers are applied on a
/// <see cref="ManualTaskScheduler"/>, so each test sees the client waiting until it runs them.
/// </summary>
public sealed class DynamicAuthenticationTests : IDisposable
{
    private const string Procedure = "com.example.authenticate";

    private readonly ManualTaskScheduler _scheduler = new(inline: false);
    private readonly ManualTimeProvider _time = new();
    private readonly AuthenticationRouter _router;

    public DynamicAuthenticationTests()
    {
        _router = new AuthenticationRouter(
            new AuthenticationOptions
            {
                Ticket = [new TicketPrincipal { AuthId = "static-alice", Realm = "realm1", Role = "reader", SecretHash = SecretHash.Create("static", SecretHash.MinIterations) }],
                Dynamic = [new DynamicAuthenticator { Realm = "realm1", Procedure = Procedure, Timeout = TimeSpan.FromSeconds(5) }],
                FailureLimits = new FailedAuthenticationLimits { MaxFailures = 0 },
                Scheduler = _scheduler,
            },
            _time,
            anonymousRole: "user");
    }

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Authenticate_AuthenticatorReturnsRole_WelcomesWithThatRole(WampSerializer serializer)
    {
        TestClient authenticator = JoinAuthenticator();
        TestClient client = StartTicket(serializer, "alice", "t0ken");

        ReceivedMessage invocation = authenticator.Single();
        Assert.Equal(WampMessageType.Invocation, invocation.Type);
        List<object?> arguments = Assert.IsType<List<object?>>(invocation.PayloadItems[0]);
        Assert.Equal("realm1", arguments[0]);
        Assert.Equal("alice", arguments[1]);
        Dictionary<string, object?> details = Assert.IsType<Dictionary<string, object?>>(arguments[2]);
        Assert.Equal("t0ken", details["ticket"]);
        Assert.Equal("ticket", details["authmethod"]);
        Assert.Equal(client.Session.Id, Convert.ToUInt64(details["session"]));
        client.AssertNothingReceived();

        authenticator.Yield(invocation.FirstId, ["reader"]);
        client.AssertNothingReceived();
        _scheduler.RunAll();

        ExpectDynamicWelcome(client, "alice", "reader");
    }

    [Fact]
    public void Authenticate_AuthenticatorReturnsDict_TakesItsAuthIdAndRole()
    {
        TestClient authenticator = JoinAuthenticator();
        TestClient client = StartTicket(WampSerializer.Cbor, authId: null, "t0ken");

        authenticator.Yield(authenticator.Single().FirstId, [WampValue.Map(("role", "user"), ("authid", "bob"), ("realm", "realm1"))]);
        _scheduler.RunAll();

        ExpectDynamicWelcome(client, "bob", "user");
    }

    [Fact]
    public void Authenticate_AuthenticatorRaisesError_AbortsWithAuthenticationDenied()
    {
        TestClient authenticator = JoinAuthenticator();
        TestClient client = StartTicket(WampSerializer.Json, "alice", "wrong");

        authenticator.InvocationError(authenticator.Single().FirstId, "com.example.invalid_ticket");
        _scheduler.RunAll();

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
        Assert.Single(_router.Router.Log.Entries, entry => entry.EventId == 2007 && entry.Message.Contains("com.example.invalid_ticket", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"admin\"")]
    [InlineData("42")]
    [InlineData("{\"authid\":\"alice\"}")]
    [InlineData("{\"role\":\"user\",\"realm\":\"other\"}")]
    public void Authenticate_UnusableAnswer_AbortsWithAuthenticationFailed(string answerJson)
    {
        TestClient authenticator = JoinAuthenticator();
        TestClient client = StartTicket(WampSerializer.Json, "alice", "t0ken");

        authenticator.Yield(authenticator.Single().FirstId, [WampValue.Decode(WampSerializer.Json, System.Text.Encoding.UTF8.GetBytes(answerJson))]);
        _scheduler.RunAll();

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_failed");
        Assert.Single(_router.Router.Log.Entries, entry => entry.EventId == 2009);
    }

    [Fact]
    public void Authenticate_NoAuthenticatorRegistered_AbortsWithAuthenticationFailed()
    {
        TestClient client = StartTicket(WampSerializer.Json, "alice", "t0ken");

        _scheduler.RunAll();

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_failed");
        Assert.Single(_router.Router.Log.Entries, entry => entry.EventId == 2009 && entry.Message.Contains("wamp.error.no_such_procedure", StringComparison.Ordinal));
    }

    [Fact]
    public void Authenticate_AuthenticatorTooSlow_AbortsWithAuthenticationFailedAtTheTimeout()
    {
        TestClient authenticator = JoinAuthenticator();
        TestClient client = StartTicket(WampSerializer.Json, "alice", "t0ken");
        ReceivedMessage invocation = authenticator.Single();

        _time.Advance(TimeSpan.FromSeconds(4));
        _scheduler.RunAll();
        client.AssertNothingReceived();
        _time.Advance(TimeSpan.FromSeconds(1));
        _scheduler.RunAll();

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_failed");
        Assert.Contains(_router.Router.Log.Entries, entry => entry.EventId == 2009 && entry.Message.Contains("wamp.error.timeout", StringComparison.Ordinal));

        // A late answer changes nothing.
        authenticator.Yield(invocation.FirstId, ["user"]);
        _scheduler.RunAll();
        Assert.Equal(SessionState.Closed, client.Session.State);
    }

    [Fact]
    public void Authenticate_AuthenticatorLeavesMidCall_AbortsWithAuthenticationFailed()
    {
        TestClient authenticator = JoinAuthenticator();
        TestClient client = StartTicket(WampSerializer.Json, "alice", "t0ken");
        authenticator.Single();

        authenticator.Goodbye();
        _scheduler.RunAll();

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_failed");
    }

    [Fact]
    public void Authenticate_StaticTicketPrincipal_IsCheckedWithoutTheAuthenticator()
    {
        TestClient authenticator = JoinAuthenticator();
        TestClient client = StartTicket(WampSerializer.Json, "static-alice", "static");
        _scheduler.RunAll();

        AuthenticationRouter.ExpectWelcome(client, "static-alice", "reader", "ticket");
        authenticator.AssertNothingReceived();
    }

    [Fact]
    public void Register_RoleWithoutRegisterPermission_CannotBecomeTheAuthenticator()
    {
        // "reader" may only subscribe: its REGISTER is refused like any other, so it cannot decide who gets in.
        TestClient reader = StartTicket(WampSerializer.Json, "static-alice", "static");
        _scheduler.RunAll();
        reader.TakeAll();

        reader.Register(1, Procedure);

        WampAssert.RequestRefused(reader.Single(), WampMessageType.Register, 1, "wamp.error.not_authorized");
    }

    [Fact]
    public void Authenticate_AuthenticatorInAnotherRealm_IsCalledThere()
    {
        using var router = new AuthenticationRouter(
            new AuthenticationOptions
            {
                Ticket = [new TicketPrincipal { AuthId = "gate", Realm = "other", Role = "user", SecretHash = SecretHash.Create("gate", SecretHash.MinIterations) }],
                Dynamic = [new DynamicAuthenticator { Realm = "realm1", Procedure = Procedure, AuthenticatorRealm = "other" }],
                FailureLimits = new FailedAuthenticationLimits { MaxFailures = 0 },
                Scheduler = _scheduler,
            },
            _time);
        TestClient authenticator = router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(authenticator, ["ticket"], "gate", realm: "other");
        AuthenticationRouter.ExpectChallenge(authenticator, "ticket");
        AuthenticationRouter.Authenticate(authenticator, "gate");
        _scheduler.RunAll();
        AuthenticationRouter.ExpectWelcome(authenticator, "gate", "user", "ticket");
        authenticator.RegisterOk(1, Procedure);

        TestClient client = router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        AuthenticationRouter.Authenticate(client, "t0ken");
        ReceivedMessage invocation = authenticator.Single();
        Assert.Equal("realm1", Assert.IsType<List<object?>>(invocation.PayloadItems[0])[0]);
        authenticator.Yield(invocation.FirstId, ["reader"]);
        _scheduler.RunAll();

        ExpectDynamicWelcome(client, "alice", "reader");
        Assert.Equal("realm1", router.Router.Router.Realms.Single(realm => realm.SessionCount == 1 && realm.Name == "realm1").Name);
    }

    private TestClient JoinAuthenticator()
    {
        TestClient authenticator = _router.Connect(WampSerializer.MsgPack);
        authenticator.Join("realm1");
        authenticator.RegisterOk(1, Procedure);
        return authenticator;
    }

    private TestClient StartTicket(WampSerializer serializer, string? authId, string ticket)
    {
        TestClient client = _router.Connect(serializer);
        AuthenticationRouter.Hello(client, ["ticket"], authId);
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        AuthenticationRouter.Authenticate(client, ticket);
        return client;
    }

    private static void ExpectDynamicWelcome(TestClient client, string authId, string authRole)
    {
        ReceivedMessage welcome = client.Single();
        Assert.True(welcome.Type == WampMessageType.Welcome, $"expected WELCOME, got {welcome}");
        Dictionary<string, object?> details = welcome.DetailsMap;
        Assert.Equal(authId, details["authid"]);
        Assert.Equal(authRole, details["authrole"]);
        Assert.Equal("ticket", details["authmethod"]);
        Assert.Equal("dynamic", details["authprovider"]);
        Assert.Equal(SessionState.Established, client.Session.State);
    }
}
