using System.Net;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

public sealed class FailedAuthenticationThrottleTests : IDisposable
{
    private static readonly SecretHash Hash = SecretHash.Create("right", SecretHash.MinIterations);
    private readonly ManualTimeProvider _time = new();
    private readonly AuthenticationRouter _router;

    public FailedAuthenticationThrottleTests()
    {
        _router = new AuthenticationRouter(
            AuthenticationRouter.Inline(
                ticket: [new TicketPrincipal { AuthId = "alice", Realm = "realm1", Role = "user", SecretHash = Hash }],
                limits: new FailedAuthenticationLimits { MaxFailures = 3, Window = TimeSpan.FromSeconds(60), Cooldown = TimeSpan.FromSeconds(30), MaxAddresses = 4 }),
            _time);
    }

    public void Dispose() => _router.Dispose();

    [Fact]
    public void Hello_AfterTooManyFailures_AbortsAtOnceUntilTheCooldownEnds()
    {
        IPAddress attacker = IPAddress.Parse("192.0.2.7");
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("wamp.error.authentication_denied", TryTicket(attacker, "wrong"));
        }

        // Even the right ticket is refused now, without a challenge.
        TestClient blocked = Connect(attacker);
        AuthenticationRouter.Hello(blocked, ["ticket"], "alice");
        WampAssert.AbortedAndClosed(blocked, "wamp.error.authentication_denied");
        Assert.Contains(_router.Router.Log.Entries, entry => entry.EventId == 2008);

        // Another address is not affected.
        Assert.Equal("welcome", TryTicket(IPAddress.Parse("192.0.2.8"), "right"));

        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("welcome", TryTicket(attacker, "right"));
    }

    [Fact]
    public void RecordFailure_FailuresSpreadBeyondTheWindow_DoNotBlock()
    {
        IPAddress client = IPAddress.Parse("198.51.100.1");
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("wamp.error.authentication_denied", TryTicket(client, "wrong"));
            _time.Advance(TimeSpan.FromSeconds(40));
            if (i % 2 == 1)
            {
                _time.Advance(TimeSpan.FromSeconds(30));
            }
        }

        Assert.Equal("welcome", TryTicket(client, "right"));
    }

    [Fact]
    public void RecordFailure_ManyAddresses_TableStaysBounded()
    {
        for (int i = 0; i < 50; i++)
        {
            TryTicket(new IPAddress([203, 0, 113, (byte)i]), "wrong");
        }

        Assert.Equal(4, _router.Router.Router.ThrottledAddressCount);
    }

    [Fact]
    public void Hello_NoRemoteAddress_IsNeverThrottled()
    {
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("wamp.error.authentication_denied", TryTicket(null, "wrong"));
        }

        Assert.Equal("welcome", TryTicket(null, "right"));
        Assert.Equal(0, _router.Router.Router.ThrottledAddressCount);
    }

    private TestClient Connect(IPAddress? address) =>
        _router.Connect(WampSerializer.Json, transport: new TransportInfo { Kind = TransportKind.Tcp, RemoteAddress = address });

    /// <summary>HELLO + AUTHENTICATE with <paramref name="ticket"/>: "welcome", or the ABORT reason.</summary>
    private string TryTicket(IPAddress? address, string ticket)
    {
        TestClient client = Connect(address);
        AuthenticationRouter.Hello(client, ["ticket"], "alice");
        ReceivedMessage first = client.Single();
        if (first.Type == Protocol.Messages.WampMessageType.Abort)
        {
            return first.Text;
        }

        AuthenticationRouter.Authenticate(client, ticket);
        ReceivedMessage verdict = client.Single();
        if (verdict.Type == Protocol.Messages.WampMessageType.Welcome)
        {
            client.Goodbye();
            client.TakeAll();
            return "welcome";
        }

        return verdict.Text;
    }
}
