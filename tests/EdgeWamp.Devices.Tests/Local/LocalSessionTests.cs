using EdgeWamp.Devices.Local;
using EdgeWamp.Devices.Tests.TestSupport;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeWamp.Devices.Tests.Local;

public sealed class LocalSessionTests
{
    [Fact]
    public async Task JoinAsync_ExistingRealm_GetsASessionIdLikeAnyPeer()
    {
        using WampRouter router = TestRouters.AllowAll();
        await using var session = new LocalSession("local", NullLogger.Instance);
        ulong id = await session.JoinAsync(router, AuthMethods.Anonymous, "realm1", CancellationToken.None);
        Assert.InRange(id, 1UL, 1UL << 53);
        Assert.True(session.IsJoined);
        Assert.Equal(1, router.SessionCount);
    }

    [Fact]
    public async Task JoinAsync_UnknownRealm_IsAbortedByTheRouter()
    {
        using WampRouter router = TestRouters.AllowAll();
        await using var session = new LocalSession("local", NullLogger.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => session.JoinAsync(router, AuthMethods.Anonymous, "nowhere", CancellationToken.None));
        Assert.Contains("wamp.error.no_such_realm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoinAsync_ListenerWithoutAnonymous_IsRefused()
    {
        using WampRouter router = TestRouters.AllowAll();
        await using var session = new LocalSession("local", NullLogger.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => session.JoinAsync(router, AuthMethods.Ticket, "realm1", CancellationToken.None));
        Assert.Contains("wamp.error.no_auth_method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_ReachesASubscriberInAnotherSerializer()
    {
        using WampRouter router = TestRouters.AllowAll();
        var client = new JsonClient(router);
        await client.JoinAsync();
        await client.SubscribeAsync("sensors.local.value", 1);
        await using var session = new LocalSession("local", NullLogger.Instance);
        await session.JoinAsync(router, AuthMethods.Anonymous, "realm1", CancellationToken.None);

        // CBOR [] {"value": 5}: 80 A1 65 "value" 05
        Assert.True(session.Publish("sensors.local.value"u8, [0x80, 0xA1, 0x65, .. "value"u8, 0x05], 2));

        var @event = await client.NextAsync(36);
        Assert.Equal("""{"value":5}""", @event[5].GetRawText());
    }

    [Fact]
    public async Task RouterShutdown_SaysGoodbye_TheSessionAnswersAndEnds()
    {
        using WampRouter router = TestRouters.AllowAll();
        await using var session = new LocalSession("local", NullLogger.Instance);
        await session.JoinAsync(router, AuthMethods.Anonymous, "realm1", CancellationToken.None);

        router.Shutdown();
        Assert.True(SpinWait.SpinUntil(() => !session.IsJoined && router.SessionCount == 0, TimeSpan.FromSeconds(10)));
        Assert.False(session.Publish("x.y"u8, [], 0));
    }

    [Fact]
    public async Task JoinAsync_TrustedInRealmWithoutAnonymous_JoinsWithTheBuiltInRole()
    {
        using WampRouter router = TestRouters.WithoutAnonymous();
        await using var session = new LocalSession("sensors", NullLogger.Instance);

        ulong id = await session.JoinAsync(router, AuthMethods.Trusted, "realm1", CancellationToken.None);

        Assert.InRange(id, 1UL, 1UL << 53);
        Assert.True(session.IsJoined);
        ulong registration = await session.RegisterAsync("gpio.led.read", (_, _) => null, CancellationToken.None);
        Assert.NotEqual(0UL, registration);
    }

    [Fact]
    public async Task JoinAsync_TrustedWithARoleOfTheRealm_GetsItsPermissions()
    {
        using WampRouter router = TestRouters.WithoutAnonymous();
        await using var session = new LocalSession("sensors", NullLogger.Instance);
        await session.JoinAsync(router, AuthMethods.Trusted, "realm1", CancellationToken.None, authRole: "device");

        // The role "device" may publish, not register.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => session.RegisterAsync("sensors.env.read", (_, _) => null, CancellationToken.None));
        Assert.Contains("wamp.error.not_authorized", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoinAsync_TrustedWithUnknownRole_IsAbortedWithNoSuchRole()
    {
        using WampRouter router = TestRouters.WithoutAnonymous();
        await using var session = new LocalSession("sensors", NullLogger.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => session.JoinAsync(router, AuthMethods.Trusted, "realm1", CancellationToken.None, authRole: "admin"));
        Assert.Contains("wamp.error.no_such_role", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoinAsync_AnonymousInRealmWithoutAnonymous_IsRefused()
    {
        using WampRouter router = TestRouters.WithoutAnonymous();
        await using var session = new LocalSession("sensors", NullLogger.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => session.JoinAsync(router, AuthMethods.Anonymous, "realm1", CancellationToken.None));
        Assert.Contains("wamp.error.no_auth_method", error.Message, StringComparison.Ordinal);
    }
}
