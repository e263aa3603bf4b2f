using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

public sealed class TicketAuthenticationTests : IDisposable
{
    private const string Ticket = "s3cret-ticket";

    // MinIterations keeps the suite fast; the format and the check are the same at any count.
    private static readonly SecretHash Hash = SecretHash.Create(Ticket, SecretHash.MinIterations);

    private readonly AuthenticationRouter _router = new(AuthenticationRouter.Inline(ticket:
    [
        new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "reader", SecretHash = Hash },
    ]));

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Authenticate_RightTicket_WelcomesWithPrincipalsRole(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        Dictionary<string, object?> extra = AuthenticationRouter.ExpectChallenge(client, "ticket");
        Assert.Empty(extra);

        AuthenticationRouter.Authenticate(client, Ticket);

        AuthenticationRouter.ExpectWelcome(client, "alice", "reader", "ticket");
        Assert.Equal(1, _router.Router.Router.SessionCount);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Authenticate_WrongTicket_AbortsWithAuthenticationDenied(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");

        AuthenticationRouter.Authenticate(client, Ticket + "x");

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
        Assert.Equal(0, _router.Router.Router.SessionCount);
        Assert.Contains(_router.Router.Log.Entries, entry => entry.EventId == 2007);
    }

    [Fact]
    public void Hello_UnknownAuthId_AbortsWithoutChallenge()
    {
        TestClient client = _router.Connect(WampSerializer.Json);

        AuthenticationRouter.Hello(client, ["ticket"], "mallory");

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Hello_NoAuthId_AbortsWithoutChallenge()
    {
        TestClient client = _router.Connect(WampSerializer.Json);

        AuthenticationRouter.Hello(client, ["ticket"]);

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Hello_RealmThePrincipalIsNotGranted_AbortsWithNoAuthMethod()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor);

        AuthenticationRouter.Hello(client, ["ticket"], "alice", realm: "other");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Hello_ListenerNotAllowingTicket_AbortsWithNoAuthMethod()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor, AuthMethods.WampCra);

        AuthenticationRouter.Hello(client, ["ticket"], "alice");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Hello_NoAuthMethodsAndNoAnonymous_AbortsWithNoAuthMethod()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor);

        client.Hello("realm1");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Receive_MessageOtherThanAuthenticateAfterChallenge_AbortsWithProtocolViolation()
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");

        client.Subscribe(1, "sensors.x");

        WampAssert.AbortedAndClosed(client, "wamp.error.protocol_violation");
        Assert.Equal(0, _router.Router.Router.SessionCount);
    }

    [Fact]
    public void Receive_AbortAfterChallenge_ClosesAndFreesTheSessionId()
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        Assert.Equal(1, _router.Router.Router.SessionCount);

        client.Abort();

        Assert.True(client.Connection.IsClosed);
        Assert.Equal(0, _router.Router.Router.SessionCount);
    }

    [Fact]
    public void OnDisconnected_WhileChallenged_FreesTheSessionId()
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");

        client.Session.OnDisconnected();

        Assert.Equal(0, _router.Router.Router.SessionCount);
    }

    [Fact]
    public void Authenticate_CheckPending_ReaderIsFreeAndTheVerdictComesWhenTheCheckRuns()
    {
        var scheduler = new ManualTaskScheduler(inline: false);
        using var router = new AuthenticationRouter(AuthenticationRouter.Inline(
            ticket: [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "user", SecretHash = Hash }],
            scheduler: scheduler));
        TestClient client = router.Connect(WampSerializer.Cbor);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");

        AuthenticationRouter.Authenticate(client, Ticket);

        // The send returned with the check still queued: nothing was decided on the reader.
        client.AssertNothingReceived();
        Assert.Equal(1, scheduler.QueuedCount);
        Assert.Equal(1, scheduler.RunAll());
        AuthenticationRouter.ExpectWelcome(client, "alice", "user", "ticket");
    }

    [Fact]
    public void Authenticate_SentTwiceWhileChecking_AbortsAndTheLateVerdictIsDropped()
    {
        var scheduler = new ManualTaskScheduler(inline: false);
        using var router = new AuthenticationRouter(AuthenticationRouter.Inline(
            ticket: [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "user", SecretHash = Hash }],
            scheduler: scheduler));
        TestClient client = router.Connect(WampSerializer.Cbor);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        AuthenticationRouter.Authenticate(client, Ticket);

        AuthenticationRouter.Authenticate(client, Ticket);
        scheduler.RunAll();

        WampAssert.AbortedAndClosed(client, "wamp.error.protocol_violation");
        Assert.Equal(0, router.Router.Router.SessionCount);
    }

    [Fact]
    public void OnDisconnected_WhileChecking_TheLateVerdictJoinsNothing()
    {
        var scheduler = new ManualTaskScheduler(inline: false);
        using var router = new AuthenticationRouter(AuthenticationRouter.Inline(
            ticket: [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "user", SecretHash = Hash }],
            scheduler: scheduler));
        TestClient client = router.Connect(WampSerializer.Cbor);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        AuthenticationRouter.Authenticate(client, Ticket);

        client.Session.OnDisconnected();
        scheduler.RunAll();

        client.AssertNothingReceived();
        Assert.Equal(0, router.Router.Router.SessionCount);
        Assert.Equal(0, router.Router.Router.Realms.Sum(realm => realm.SessionCount));
    }

    [Fact]
    public void Hello_TicketThenAnonymousWithoutTicketPrincipal_FallsBackToAnonymous()
    {
        using var router = new AuthenticationRouter(AuthenticationRouter.Inline(), anonymousRole: "reader");
        TestClient client = router.Connect(WampSerializer.Json);

        AuthenticationRouter.Hello(client, ["ticket", "anonymous"], "nobody");

        ReceivedMessage welcome = client.Single();
        Assert.Equal("anonymous", welcome.DetailsMap["authmethod"]);
        Assert.Equal("reader", welcome.DetailsMap["authrole"]);
    }

    [Fact]
    public void Hello_NoAuthenticateInTime_AbortsAndFreesTheSessionId()
    {
        var time = new ManualTimeProvider();
        using var router = new AuthenticationRouter(
            AuthenticationRouter.Inline(ticket: [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "user", SecretHash = Hash }]), time);
        TestClient client = router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");

        time.Advance(TimeSpan.FromSeconds(29));
        client.AssertNothingReceived();
        time.Advance(TimeSpan.FromSeconds(1));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
        Assert.Equal(0, router.Router.Router.SessionCount);
        Assert.Equal(0, time.ArmedTimerCount);
    }

    [Fact]
    public void Authenticate_InTime_DisarmsTheChallengeTimer()
    {
        var time = new ManualTimeProvider();
        using var router = new AuthenticationRouter(
            AuthenticationRouter.Inline(ticket: [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "user", SecretHash = Hash }]), time);
        TestClient client = router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        Assert.Equal(1, time.ArmedTimerCount);

        AuthenticationRouter.Authenticate(client, Ticket);
        AuthenticationRouter.ExpectWelcome(client, "alice", "user", "ticket");

        Assert.Equal(0, time.ArmedTimerCount);
        time.Advance(TimeSpan.FromMinutes(5));
        client.AssertNothingReceived();
    }

    [Fact]
    public void Hello_HelloTimeoutDuringAuthentication_AbortsAndFreesTheSessionId()
    {
        var time = new ManualTimeProvider();
        using var router = new AuthenticationRouter(
            AuthenticationRouter.Inline(ticket: [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "user", SecretHash = Hash }]),
            time,
            helloTimeout: TimeSpan.FromSeconds(10));
        TestClient client = router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        Assert.Equal(1, router.Router.Router.SessionCount);

        time.Advance(TimeSpan.FromSeconds(11));

        WampAssert.AbortedAndClosed(client, "edgewamp.error.hello_timeout");
        Assert.Equal(0, router.Router.Router.SessionCount);
        Assert.Equal(0, time.ArmedTimerCount);
    }
}
