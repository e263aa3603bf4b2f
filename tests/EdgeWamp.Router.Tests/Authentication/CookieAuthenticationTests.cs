using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

/// <summary>The router side of cookie authentication, with connections whose <see cref="TransportInfo.AuthCookie"/> a WebSocket upgrade would set.</summary>
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
    public void Hello_CookieRememberedFromATicketLogin_WelcomesAsTheSamePrincipal(WampSerializer serializer)
    {
        LoginWithTicket("cookie-1");

        TestClient again = _router.Connect(serializer, WebSocketListener, WithCookie("cookie-1"));
        AuthenticationRouter.Hello(again, ["cookie", "ticket"]);

        AuthenticationRouter.ExpectWelcome(again, "alice", "reader", "cookie");
    }

    [Fact]
    public void Hello_UnknownCookie_FallsBackToTheNextMethod()
    {
        LoginWithTicket("cookie-1");

        TestClient other = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookie("cookie-2"));
        AuthenticationRouter.Hello(other, ["cookie", "ticket"], "alice");

        AuthenticationRouter.ExpectChallenge(other, "ticket");
        other.Session.OnDisconnected();
    }

    [Fact]
    public void Hello_CookieOnlyWithoutARememberedCookie_AbortsWithNoAuthMethod()
    {
        TestClient client = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookie("never-seen"));

        AuthenticationRouter.Hello(client, ["cookie"]);

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Hello_CookieForAnotherRealm_IsNotAccepted()
    {
        LoginWithTicket("cookie-1");

        TestClient client = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookie("cookie-1"));
        AuthenticationRouter.Hello(client, ["cookie"], realm: "other");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Hello_CookieExpired_IsNotAccepted()
    {
        LoginWithTicket("cookie-1");
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        TestClient client = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookie("cookie-1"));
        AuthenticationRouter.Hello(client, ["cookie"]);

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Hello_ListenerNotAllowingCookie_NeitherRemembersNorAccepts()
    {
        TestClient first = _router.Connect(WampSerializer.Cbor, AuthMethods.Ticket, WithCookie("cookie-1"));
        AuthenticationRouter.Hello(first, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(first, "ticket");
        AuthenticationRouter.Authenticate(first, Ticket);
        AuthenticationRouter.ExpectWelcome(first, "alice", "reader", "ticket");

        TestClient again = _router.Connect(WampSerializer.Cbor, WebSocketListener, WithCookie("cookie-1"));
        AuthenticationRouter.Hello(again, ["cookie"]);

        WampAssert.AbortedAndClosed(again, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Remember_MoreCookiesThanTheLimit_TheOldestGoes()
    {
        LoginWithTicket("cookie-1");
        _time.Advance(TimeSpan.FromSeconds(1));
        LoginWithTicket("cookie-2");
        _time.Advance(TimeSpan.FromSeconds(1));
        LoginWithTicket("cookie-3");

        TestClient oldest = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookie("cookie-1"));
        AuthenticationRouter.Hello(oldest, ["cookie"]);
        WampAssert.AbortedAndClosed(oldest, "wamp.error.no_auth_method");
        TestClient newest = _router.Connect(WampSerializer.Json, WebSocketListener, WithCookie("cookie-3"));
        AuthenticationRouter.Hello(newest, ["cookie"]);
        AuthenticationRouter.ExpectWelcome(newest, "alice", "reader", "cookie");
    }

    private static TransportInfo WithCookie(string cookie) => new() { Kind = TransportKind.Tcp, AuthCookie = cookie };

    private void LoginWithTicket(string cookie)
    {
        TestClient client = _router.Connect(WampSerializer.Cbor, WebSocketListener, WithCookie(cookie));
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        AuthenticationRouter.ExpectChallenge(client, "ticket");
        AuthenticationRouter.Authenticate(client, Ticket);
        AuthenticationRouter.ExpectWelcome(client, "alice", "reader", "ticket");
    }
}
