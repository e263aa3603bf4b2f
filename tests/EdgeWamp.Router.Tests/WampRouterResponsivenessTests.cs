using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests;

/// <summary>
/// <see cref="WampRouter.IsResponsive"/>, the health the systemd watchdog reports: false while a dispatch is stuck
/// inside a realm, true again once it returns.
/// </summary>
public sealed class WampRouterResponsivenessTests : IDisposable
{
    private readonly TestRouter _router = new(TestRouter.AllowAllRealm(TestRouter.RealmName), TestRouter.AllowAllRealm("realm2"));

    public void Dispose() => _router.Dispose();

    [Fact]
    public void IsResponsive_IdleRouter_IsTrue()
    {
        _router.Join(WampSerializer.Json);

        Assert.True(_router.Router.IsResponsive(TimeSpan.FromMilliseconds(100), out string? stuckRealm));
        Assert.Null(stuckRealm);
    }

    [Fact]
    public async Task IsResponsive_DispatchStuckInRealm_IsFalseAndNamesTheRealm_UntilItReturns()
    {
        // A subscriber whose transport blocks inside TryWrite (a broken transport: the contract says it never
        // blocks), so the PUBLISH that reaches it stays inside the realm's dispatch.
        using var connection = new BlockingConnection();
        WampSession subscriber = _router.Router.OpenSession(connection, AuthMethods.Anonymous);
        subscriber.Receive("""[1, "realm1", {"roles": {"subscriber": {}}}]"""u8);
        subscriber.Receive("""[32, 1, {}, "com.example.stuck"]"""u8);
        Assert.Equal(2, connection.WrittenCount);   // WELCOME, SUBSCRIBED
        TestClient publisher = _router.Join(WampSerializer.Json);
        connection.BlockWrites = true;

        var publishing = Task.Run(() => publisher.Publish(1, "com.example.stuck", arguments: ["x"]));
        Assert.True(connection.Blocked.Wait(TimeSpan.FromSeconds(10)), "the EVENT never reached the subscriber");

        Assert.False(_router.Router.IsResponsive(TimeSpan.FromMilliseconds(50), out string? stuckRealm));
        Assert.Equal(TestRouter.RealmName, stuckRealm);

        connection.Release();
        await publishing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_router.Router.IsResponsive(TimeSpan.FromSeconds(1), out stuckRealm));
        Assert.Null(stuckRealm);
        subscriber.OnDisconnected();
    }

    /// <summary>A connection that, once <see cref="BlockWrites"/> is set, blocks in TryWrite until released.</summary>
    private sealed class BlockingConnection : IWampConnection, IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public WampSerializer Serializer => WampSerializer.Json;

        public string Description => "blocking test connection";

        public bool BlockWrites { get; set; }

        public ManualResetEventSlim Blocked { get; } = new();

        public int WrittenCount { get; private set; }

        public WriteResult TryWrite(ReadOnlySpan<byte> message)
        {
            if (BlockWrites)
            {
                Blocked.Set();
                _release.Wait(TimeSpan.FromSeconds(30));
            }

            WrittenCount++;
            return WriteResult.Written;
        }

        public void Release() => _release.Set();

        public void Close()
        {
        }

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
            Blocked.Dispose();
        }
    }
}
