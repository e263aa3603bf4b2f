using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authorization;

/// <summary>
/// Dynamic authorization: in realm1, anonymous sessions ("trusted") may do anything and register the authorizer;
/// "alice" (ticket, role "user") may subscribe under "public." by rule, and everything else is up to the authorizer.
/// Answers are applied on a <see cref="ManualTaskScheduler"/>, so each test sees the message waiting until it runs them.
/// </summary>
public sealed class DynamicAuthorizationTests : IDisposable
{
    private const string Authorizer = "com.example.authorize";
    private const string Ticket = "alice-ticket";

    private readonly ManualTaskScheduler _scheduler = new(inline: false);
    private readonly ManualTimeProvider _time = new();
    private readonly TestRouter _router;

    public DynamicAuthorizationTests()
    {
        _router = new TestRouter(
            new AuthenticationOptions
            {
                Ticket = [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "user", SecretHash = SecretHash.Create(Ticket, SecretHash.MinIterations) }],
                FailureLimits = new FailedAuthenticationLimits { MaxFailures = 0 },
                Scheduler = _scheduler,
            },
            _time,
            null,
            new RealmOptions { Name = "realm1", Roles = Roles(), AnonymousRole = "trusted" });
    }

    public void Dispose() => _router.Dispose();

    private Realm Realm => _router.Router.Realms.Single();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_AuthorizerAllows_CallIsRoutedAfterTheAnswer(WampSerializer serializer)
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(serializer);

        alice.Call(7, "com.example.echo", ["hi"]);

        ReceivedMessage question = trusted.Single();
        Assert.Equal(WampMessageType.Invocation, question.Type);
        List<object?> arguments = Assert.IsType<List<object?>>(question.PayloadItems[0]);
        Dictionary<string, object?> session = Assert.IsType<Dictionary<string, object?>>(arguments[0]);
        Assert.Equal(alice.Session.Id, Convert.ToUInt64(session["session"]));
        Assert.Equal("alice", session["authid"]);
        Assert.Equal("user", session["authrole"]);
        Assert.Equal("ticket", session["authmethod"]);
        Assert.Equal("com.example.echo", arguments[1]);
        Assert.Equal("call", arguments[2]);

        trusted.Yield(question.FirstId, [true]);
        trusted.AssertNothingReceived();
        _scheduler.RunAll();

        ReceivedMessage echo = trusted.Single();
        Assert.Equal(WampMessageType.Invocation, echo.Type);
        Assert.Equal(["hi"], Assert.IsType<List<object?>>(echo.PayloadItems[0]));
        alice.AssertNothingReceived();
    }

    [Theory]
    [InlineData("false")]
    [InlineData("{\"allow\":false}")]
    [InlineData("\"yes\"")]
    public void Call_AuthorizerDenies_CallerGetsNotAuthorized(string answerJson)
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);

        alice.Call(7, "com.example.echo");
        trusted.Yield(trusted.Single().FirstId, [WampValue.Decode(WampSerializer.Json, System.Text.Encoding.UTF8.GetBytes(answerJson))]);
        _scheduler.RunAll();

        WampAssert.Error(alice.Single(), WampMessageType.Call, 7, "wamp.error.not_authorized");
        trusted.AssertNothingReceived();
    }

    [Fact]
    public void Register_And_Subscribe_AuthorizerDenies_GetNotAuthorized()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);

        alice.Register(1, "com.example.alice");
        ReceivedMessage question = trusted.Single();
        Assert.Equal("register", Assert.IsType<List<object?>>(question.PayloadItems[0])[2]);
        trusted.Yield(question.FirstId, [false]);
        _scheduler.RunAll();
        WampAssert.Error(alice.Single(), WampMessageType.Register, 1, "wamp.error.not_authorized");

        alice.Subscribe(2, "private.x");
        question = trusted.Single();
        Assert.Equal("subscribe", Assert.IsType<List<object?>>(question.PayloadItems[0])[2]);
        trusted.Yield(question.FirstId, [false]);
        _scheduler.RunAll();
        WampAssert.Error(alice.Single(), WampMessageType.Subscribe, 2, "wamp.error.not_authorized");
    }

    [Fact]
    public void Publish_AuthorizerDenies_PlainPublishIsDroppedAcknowledgedOneGetsAnError()
    {
        TestClient trusted = JoinTrusted();
        trusted.SubscribeOk(1, "news");
        TestClient alice = JoinAlice(WampSerializer.Json);

        alice.Publish(1, "news");
        trusted.Yield(trusted.Single().FirstId, [false]);
        _scheduler.RunAll();
        alice.AssertNothingReceived();
        trusted.AssertNothingReceived();

        alice.Publish(2, "news", WampValue.Map(("acknowledge", true)));
        trusted.Yield(trusted.Single().FirstId, [false]);
        _scheduler.RunAll();
        WampAssert.Error(alice.Single(), WampMessageType.Publish, 2, "wamp.error.not_authorized");
    }

    [Fact]
    public void Subscribe_StaticRuleAllows_AuthorizerIsNotAsked()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);

        alice.SubscribeOk(1, "public.weather");

        trusted.AssertNothingReceived();
    }

    [Fact]
    public void Messages_WhileAnAuthorizationIsPending_WaitAndKeepTheirOrder()
    {
        TestClient trusted = JoinTrusted();
        trusted.SubscribeOk(1, "news");
        TestClient alice = JoinAlice(WampSerializer.Json);

        alice.Publish(1, "news", WampValue.Map(("acknowledge", true)), ["first"]);
        alice.Subscribe(2, "public.weather");
        alice.Publish(3, "news", WampValue.Map(("acknowledge", true)), ["second"]);

        // Only the first question is asked; the statically allowed SUBSCRIBE waits behind it.
        ReceivedMessage first = trusted.Single();
        alice.AssertNothingReceived();
        trusted.Yield(first.FirstId, [true]);
        _scheduler.RunAll();

        // The first PUBLISH went out, the SUBSCRIBE was answered, and the second PUBLISH is now the one asked about.
        List<ReceivedMessage> toAlice = alice.TakeAll();
        Assert.Equal([WampMessageType.Published, WampMessageType.Subscribed], toAlice.Select(message => message.Type));
        Assert.Equal([1UL, 2UL], toAlice.Select(message => message.FirstId));
        List<ReceivedMessage> toTrusted = trusted.TakeAll();
        Assert.Equal([WampMessageType.Event, WampMessageType.Invocation], toTrusted.Select(message => message.Type));
        Assert.Equal(["first"], Assert.IsType<List<object?>>(toTrusted[0].PayloadItems[0]));

        trusted.Yield(toTrusted[1].FirstId, [false]);
        _scheduler.RunAll();
        WampAssert.Error(alice.Single(), WampMessageType.Publish, 3, "wamp.error.not_authorized");
    }

    [Fact]
    public void Call_CachedDecision_AuthorizerIsAskedOnce()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);

        CallAllowedWithCache(trusted, alice, 7);

        alice.Call(8, "com.example.echo");
        ReceivedMessage echo = trusted.Single();
        Assert.Equal(WampMessageType.Invocation, echo.Type);
        Assert.Equal(_echoRegistration, echo.SecondId);
        Assert.Equal(0, _scheduler.QueuedCount);
    }

    [Fact]
    public void Call_UncachedDecision_AuthorizerIsAskedEveryTime()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);
        alice.Call(7, "com.example.echo");
        trusted.Yield(trusted.Single().FirstId, [WampValue.Map(("allow", true), ("cache", false))]);
        _scheduler.RunAll();
        trusted.Single();

        alice.Call(8, "com.example.echo");

        Assert.Equal(_authorizerRegistration, trusted.Single().SecondId);
    }

    [Fact]
    public void Call_CachedDecision_IsForgottenWhenARegistrationGoes()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);
        CallAllowedWithCache(trusted, alice, 7);

        // The authorizer's session re-registers (e.g. after a restart of its logic): old answers no longer hold.
        trusted.Unregister(9, _authorizerRegistration);
        trusted.Single();
        _authorizerRegistration = trusted.RegisterOk(10, Authorizer);

        alice.Call(8, "com.example.echo");
        Assert.Equal(_authorizerRegistration, trusted.Single().SecondId);
    }

    [Fact]
    public void Call_CachedDecision_IsForgottenWhenRolesAreReplaced()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);
        CallAllowedWithCache(trusted, alice, 7);

        Realm.ReplaceRoles(Roles(), "trusted");

        alice.Call(8, "com.example.echo");
        Assert.Equal(_authorizerRegistration, trusted.Single().SecondId);
    }

    [Fact]
    public void Call_AuthorizerRaisesError_DeniesAndLogs()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);

        alice.Call(7, "com.example.echo");
        trusted.InvocationError(trusted.Single().FirstId, "com.example.broken");
        _scheduler.RunAll();

        WampAssert.Error(alice.Single(), WampMessageType.Call, 7, "wamp.error.not_authorized");
        Assert.Single(_router.Log.Entries, entry => entry.EventId == 2150 && entry.Message.Contains("com.example.broken", StringComparison.Ordinal));
    }

    [Fact]
    public void Call_AuthorizerTooSlow_DeniedAtTheTimeout()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);

        alice.Call(7, "com.example.echo");
        trusted.Single();
        _time.Advance(TimeSpan.FromSeconds(2));
        _scheduler.RunAll();

        WampAssert.Error(alice.Single(), WampMessageType.Call, 7, "wamp.error.not_authorized");
        Assert.Contains(_router.Log.Entries, entry => entry.EventId == 2150 && entry.Message.Contains("wamp.error.timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Call_NoAuthorizerRegistered_Denied()
    {
        TestClient alice = JoinAlice(WampSerializer.Json);

        alice.Call(7, "com.example.echo");
        _scheduler.RunAll();

        WampAssert.Error(alice.Single(), WampMessageType.Call, 7, "wamp.error.not_authorized");
    }

    [Fact]
    public void Disconnect_WhileAnAuthorizationIsPending_TheWaitingMessagesAreDropped()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);
        alice.Call(7, "com.example.echo");
        ReceivedMessage question = trusted.Single();

        alice.Session.OnDisconnected();
        trusted.Yield(question.FirstId, [true]);
        _scheduler.RunAll();

        trusted.AssertNothingReceived();
        alice.AssertNothingReceived();
    }

    [Fact]
    public void Goodbye_WhileAnAuthorizationIsPending_WaitsBehindTheCall()
    {
        TestClient trusted = JoinTrusted();
        TestClient alice = JoinAlice(WampSerializer.Json);
        alice.Call(7, "com.example.echo");
        ReceivedMessage question = trusted.Single();

        alice.Goodbye();
        alice.AssertNothingReceived();
        trusted.Yield(question.FirstId, [true]);
        _scheduler.RunAll();

        // In order: the CALL reached the callee, then the session left with GOODBYE.
        Assert.Equal(_echoRegistration, trusted.TakeAll()[0].SecondId);
        WampAssert.Goodbye(alice.Single(), "wamp.close.goodbye_and_out");
    }

    private ulong _authorizerRegistration;
    private ulong _echoRegistration;

    private void CallAllowedWithCache(TestClient trusted, TestClient alice, ulong requestId)
    {
        alice.Call(requestId, "com.example.echo");
        trusted.Yield(trusted.Single().FirstId, [WampValue.Map(("allow", true), ("cache", true))]);
        _scheduler.RunAll();
        Assert.Equal(_echoRegistration, trusted.Single().SecondId);
    }

    private static List<Role> Roles() =>
    [
        new Role("trusted", [new PermissionRule(string.Empty, UriMatch.Prefix, TestRouter.AllActions)]),
        new Role("user", [new PermissionRule("public.", UriMatch.Prefix, WampAction.Subscribe)])
        {
            Authorizer = Authorizer,
            AuthorizerTimeout = TimeSpan.FromSeconds(2),
        },
    ];

    private TestClient JoinTrusted()
    {
        TestClient trusted = _router.Connect(WampSerializer.MsgPack);
        trusted.Join("realm1");
        _authorizerRegistration = trusted.RegisterOk(1, Authorizer);
        _echoRegistration = trusted.RegisterOk(2, "com.example.echo");
        return trusted;
    }

    private TestClient JoinAlice(WampSerializer serializer)
    {
        TestClient alice = _router.Connect(serializer, AuthMethods.Ticket);
        Dictionary<string, object?> details = TestClient.DefaultHelloDetails();
        details["authmethods"] = new object?[] { "ticket" };
        details["authid"] = "alice";
        alice.Hello("realm1", details);
        Assert.Equal(WampMessageType.Challenge, alice.Single().Type);
        alice.Send(new AuthenticateMessage { Signature = System.Text.Encoding.UTF8.GetBytes(Ticket), Extra = [] });
        _scheduler.RunAll();
        Assert.Equal(WampMessageType.Welcome, alice.Single().Type);
        return alice;
    }
}
