using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

/// <summary>
/// The router side of cookie authentication, with connections whose <see cref="TransportInfo.AuthCookie"/> (presented)
/// and <see cref="TransportInfo.IssuedAuthCookie"/> (fresh) a WebSocket upgrade would set.
/// </summary>
public sealed class CookieAuthenticationTests : IDisposable
{
    private const string Ticket = "alice-ticket";
    private const AuthMethods WebSocketListener = AuthMethods.Ticket | AuthMethods.Cookie;
    private static readonly SecretHash Hash = SecretHash.Create(Ticket, SecretHash.MinIterations);
    private readonly ManualTimeProvider _time = new();
    private readonly AuthenticationRouter _router;

    public CookieAuthenticationTests()
    {
        AuthenticationOptions inline = AuthenticationRouter.Inline(ticket: [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "reader", SecretHash = Hash }]);
        _router = new AuthenticationRouter(
            new AuthenticationOptions
            {
                Ticket = inline.Ticket,
                Scheduler = inline.Scheduler,
                FailureLimits = inline.FailureLimits,
                Cookies = new CookieLimits { MaxAge = TimeSpan.FromHours(1), MaxEntries = 2 },
            },
            _time);
    }

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Hello_CookieIssuedToATicketLogin_WelcomesAsTheSamePrincipal(WampSerializer serializer)
    {
        LoginWithTicket(issued: "cookie-1");

        TestClient again = _router.Connect(serializer, WebSocketListener, WithCookies("cookie-1", issued: "cookie-2"));
        AuthenticationRouter.Hello(again, ["cookie", "ticket"]);

        AuthenticationRouter.ExpectWelcome(again, "alice", "reader", "cookie");
    }

    [Fact]
    public void Hello_CookieLogin_RotatesTheCookie_TheOldOneNoLongerAdmits()
    {
        LoginWithTicket(issued: "cookie-1");
        TestClient byCookie = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-1", issued: "cookie-2"));
        AuthenticationRouter.Hello(byCookie, ["cookie"]);
        AuthenticationRouter.ExpectWelcome(byCookie, "alice", "reader", "cookie");

        TestClient withOld = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-1", issued: "cookie-3"));
        AuthenticationRouter.Hello(withOld, ["cookie"]);
        WampAssert.AbortedAndClosed(withOld, "wamp.error.no_auth_method");
        TestClient withNew = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-2", issued: "cookie-4"));
        AuthenticationRouter.Hello(withNew, ["cookie"]);
        AuthenticationRouter.ExpectWelcome(withNew, "alice", "reader", "cookie");
    }

    [Fact]
    public void Hello_PlantedUnknownCookieThenTicketLogin_ThePlantedCookieDoesNotAdmit()
    {
        // Session fixation: an attacker planted "planted" in the victim's browser, and the victim logs in by ticket.
        TestClient victim = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("planted", issued: "fresh"));
        AuthenticationRouter.Hello(victim, ["cookie", "ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(victim, "ticket");
        AuthenticationRouter.Authenticate(victim, Ticket);
        AuthenticationRouter.ExpectWelcome(victim, "alice", "reader", "ticket");

        TestClient attacker = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("planted", issued: "attacker-issued"));
        AuthenticationRouter.Hello(attacker, ["cookie"]);

        WampAssert.AbortedAndClosed(attacker, "wamp.error.no_auth_method");
        TestClient victimAgain = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("fresh", issued: "fresh-2"));
        AuthenticationRouter.Hello(victimAgain, ["cookie"]);
        AuthenticationRouter.ExpectWelcome(victimAgain, "alice", "reader", "cookie");
    }

    [Fact]
    public void Hello_CookieWithAnotherAuthId_IsRefusedAndStaysUsable()
    {
        LoginWithTicket(issued: "cookie-1");

        TestClient other = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-1", issued: "cookie-2"));
        AuthenticationRouter.Hello(other, ["cookie"], "mallory");
        WampAssert.AbortedAndClosed(other, "wamp.error.no_auth_method");

        TestClient alice = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-1", issued: "cookie-3"));
        AuthenticationRouter.Hello(alice, ["cookie"], "alice");
        AuthenticationRouter.ExpectWelcome(alice, "alice", "reader", "cookie");
    }

    [Fact]
    public void Hello_UnknownCookie_FallsBackToTheNextMethod()
    {
        LoginWithTicket(issued: "cookie-1");

        TestClient other = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-2", issued: "cookie-3"));
        AuthenticationRouter.Hello(other, ["cookie", "ticket"], "alice");

        AuthenticationRouter.ExpectChallenge(other, "ticket");
        other.Session.OnDisconnected();
    }

    [Fact]
    public void Hello_CookieOnlyWithoutARememberedCookie_AbortsWithNoAuthMethod()
    {
        TestClient client = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("never-seen", issued: "cookie-9"));

        AuthenticationRouter.Hello(client, ["cookie"]);

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Hello_CookieForAnotherRealm_IsNotAccepted()
    {
        LoginWithTicket(issued: "cookie-1");

        TestClient client = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-1", issued: "cookie-2"));
        AuthenticationRouter.Hello(client, ["cookie"], realm: "other");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Hello_CookieExpired_IsNotAccepted()
    {
        LoginWithTicket(issued: "cookie-1");
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        TestClient client = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-1", issued: "cookie-2"));
        AuthenticationRouter.Hello(client, ["cookie"]);

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Hello_ListenerNotAllowingCookie_NeitherRemembersNorAccepts()
    {
        TestClient first = _router.Connect(WampSerializer.Cbor, AuthMethods.Ticket, WithCookies(null, issued: "cookie-1"));
        AuthenticationRouter.Hello(first, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(first, "ticket");
        AuthenticationRouter.Authenticate(first, Ticket);
        AuthenticationRouter.ExpectWelcome(first, "alice", "reader", "ticket");

        TestClient again = _router.Connect(WampSerializer.Cbor, WebSocketListener, WithCookies("cookie-1", issued: "cookie-2"));
        AuthenticationRouter.Hello(again, ["cookie"]);

        WampAssert.AbortedAndClosed(again, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Remember_MoreCookiesThanTheLimit_TheOldestGoes()
    {
        LoginWithTicket(issued: "cookie-1");
        _time.Advance(TimeSpan.FromSeconds(1));
        LoginWithTicket(issued: "cookie-2");
        _time.Advance(TimeSpan.FromSeconds(1));
        LoginWithTicket(issued: "cookie-3");

        TestClient oldest = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-1", issued: "cookie-4"));
        AuthenticationRouter.Hello(oldest, ["cookie"]);
        WampAssert.AbortedAndClosed(oldest, "wamp.error.no_auth_method");
        TestClient newest = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookies("cookie-3", issued: "cookie-5"));
        AuthenticationRouter.Hello(newest, ["cookie"]);
        AuthenticationRouter.ExpectWelcome(newest, "alice", "reader", "cookie");
    }

    private static TransportInfo WithCookies(string? presented, string issued) =>
        new() { Kind = TransportKind.WebSocket, AuthCookie = presented, IssuedAuthCookie = issued };

    private void LoginWithTicket(string issued)
    {
        TestClient client = _router.Connect(WampSerializer.Cbor, WebSocketListener, WithCookies(null, issued));
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        AuthenticationRouter.Authenticate(client, Ticket);
        AuthenticationRouter.ExpectWelcome(client, "alice", "reader", "ticket");
    }
}
