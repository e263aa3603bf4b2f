using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Tests.Testing;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Router.Tests.Limits;

/// <summary>The router's own limits (docs/limits.md): sessions per realm, calls in flight, HELLO timeout, slow consumers.</summary>
public sealed class RouterLimitsTests
{
    private const string Topic = "com.example.topic";
    private const string Procedure = "com.example.procedure";

    private static RealmOptions Realm(int maxSessions = 1024, int maxPendingCalls = 1000, SlowConsumerPolicy slowConsumer = SlowConsumerPolicy.Drop) => new()
    {
        Name = TestRouter.RealmName,
        Roles = [new Role("anonymous", [new PermissionRule(string.Empty, UriMatch.Prefix, TestRouter.AllActions)])],
        AnonymousRole = "anonymous",
        MaxSessions = maxSessions,
        MaxPendingCallsPerSession = maxPendingCalls,
        SlowConsumer = slowConsumer,
    };

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Hello_RealmAtMaxSessions_AbortsWithMaxSessionsReachedAndOneLogLine(WampSerializer serializer)
    {
        using var router = new TestRouter(Realm(maxSessions: 2));
        router.Join(serializer);
        router.Join(serializer);
        TestClient third = router.Connect(serializer);

        third.Hello(TestRouter.RealmName);

        WampAssert.AbortedAndClosed(third, "edgewamp.error.max_sessions_reached");
        Assert.Equal(2, router.Router.SessionCount);
        Assert.Single(router.Log.Entries, entry => entry.Level >= LogLevel.Information && entry.Message.Contains("maximum of 2 sessions", StringComparison.Ordinal));
    }

    [Fact]
    public void Hello_AfterASessionLeftAFullRealm_IsWelcomed()
    {
        using var router = new TestRouter(Realm(maxSessions: 1));
        TestClient first = router.Join(WampSerializer.Json);
        first.Goodbye();
        first.TakeAll();

        TestClient second = router.Join(WampSerializer.Cbor);

        Assert.Equal(SessionState.Established, second.Session.State);
    }

    [Fact]
    public void Call_OverMaxPendingCalls_AnswersTooManyPendingCallsWithoutInvoking()
    {
        using var router = new TestRouter(Realm(maxPendingCalls: 2));
        TestClient caller = router.Join(WampSerializer.Json);
        TestClient callee = router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        caller.Call(1, Procedure);
        caller.Call(2, Procedure);
        Assert.Equal(2, callee.TakeAll().Count);

        caller.Call(3, Procedure);

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 3, "edgewamp.error.too_many_pending_calls");
        callee.AssertNothingReceived();
        Assert.Equal(2, caller.Session.PendingCalls);
    }

    [Fact]
    public void Call_AfterAPendingCallIsAnswered_IsRoutedAgain()
    {
        using var router = new TestRouter(Realm(maxPendingCalls: 1));
        TestClient caller = router.Join(WampSerializer.Json);
        TestClient callee = router.Join(WampSerializer.Json);
        callee.RegisterOk(1, Procedure);
        caller.Call(1, Procedure);
        callee.Yield(callee.Single().FirstId, [1]);
        Assert.Equal(WampMessageType.Result, caller.Single().Type);

        caller.Call(2, Procedure);

        Assert.Equal(WampMessageType.Invocation, callee.Single().Type);
        Assert.Equal(1, caller.Session.PendingCalls);
    }

    [Fact]
    public void PendingCalls_CalleeLeaves_CountsBackToZero()
    {
        using var router = new TestRouter(Realm(maxPendingCalls: 1));
        TestClient caller = router.Join(WampSerializer.Json);
        TestClient callee = router.Join(WampSerializer.Json);
        callee.RegisterOk(1, Procedure);
        caller.Call(1, Procedure);

        callee.Session.OnDisconnected();

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 1, "wamp.error.canceled");
        Assert.Equal(0, caller.Session.PendingCalls);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void HelloTimeout_NoHello_AbortsAndClosesWithOneLogLine(WampSerializer serializer)
    {
        var time = new ManualTimeProvider();
        using var router = new TestRouter(time, Realm());
        TestClient silent = router.Connect(serializer);
        TestClient joined = router.Join(serializer);

        time.Advance(TimeSpan.FromSeconds(9.9));
        silent.AssertNothingReceived();
        time.Advance(TimeSpan.FromSeconds(0.2));

        WampAssert.AbortedAndClosed(silent, "edgewamp.error.hello_timeout");
        Assert.Single(router.Log.Entries, entry => entry.Level >= LogLevel.Information && entry.Message.Contains("sent no HELLO", StringComparison.Ordinal));
        Assert.False(joined.Connection.IsClosed);
        Assert.Equal(SessionState.Established, joined.Session.State);
    }

    [Fact]
    public void HelloTimeout_AfterGoodbye_IsArmedAgain()
    {
        var time = new ManualTimeProvider();
        using var router = new TestRouter(time, Realm());
        TestClient client = router.Join(WampSerializer.Json);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(client.Connection.IsClosed);

        client.Goodbye();
        client.TakeAll();
        time.Advance(TimeSpan.FromSeconds(10.1));

        WampAssert.AbortedAndClosed(client, "edgewamp.error.hello_timeout");
    }

    [Fact]
    public void SlowConsumerDrop_FullSubscriber_IsLoggedOnceAndCountedAndStaysOpen()
    {
        using var router = new TestRouter(Realm(slowConsumer: SlowConsumerPolicy.Drop));
        TestClient publisher = router.Join(WampSerializer.Json);
        TestClient slow = router.Join(WampSerializer.Cbor);
        TestClient fast = router.Join(WampSerializer.MsgPack);
        slow.SubscribeOk(1, Topic);
        fast.SubscribeOk(1, Topic);
        slow.Connection.Result = WriteResult.Full;

        for (ulong i = 1; i <= 5; i++)
        {
            publisher.Publish(i, Topic, arguments: [i]);
        }

        Assert.Equal(5, slow.Session.DroppedEvents);
        Assert.False(slow.Connection.IsClosed);
        Assert.Equal(5, fast.TakeAll().Count(message => message.Type == WampMessageType.Event));
        Assert.Single(router.Log.Entries, entry => entry.Message.Contains("dropping events", StringComparison.Ordinal));

        slow.Session.OnDisconnected();
        Assert.Single(router.Log.Entries, entry => entry.Message.Contains("after 5 events were dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void SlowConsumerDisconnect_FullSubscriber_IsClosedAndOthersKeepReceiving()
    {
        using var router = new TestRouter(Realm(slowConsumer: SlowConsumerPolicy.Disconnect));
        TestClient publisher = router.Join(WampSerializer.Json);
        TestClient slow = router.Join(WampSerializer.Cbor);
        TestClient fast = router.Join(WampSerializer.Json);
        slow.SubscribeOk(1, Topic);
        fast.SubscribeOk(1, Topic);
        slow.Connection.Result = WriteResult.Full;

        publisher.Publish(1, Topic, arguments: [1]);
        publisher.Publish(2, Topic, arguments: [2]);

        Assert.Equal(1, slow.Connection.CloseCount);
        Assert.Equal(SessionState.Closed, slow.Session.State);
        Assert.Equal(2, fast.TakeAll().Count(message => message.Type == WampMessageType.Event));
        Assert.Single(router.Log.Entries, entry => entry.Message.Contains("outbox is full", StringComparison.Ordinal));
    }

    [Fact]
    public void SlowConsumerDisconnect_RefusedForAnotherReason_OnlyCounts()
    {
        using var router = new TestRouter(Realm(slowConsumer: SlowConsumerPolicy.Disconnect));
        TestClient publisher = router.Join(WampSerializer.Json);
        TestClient small = router.Join(WampSerializer.Json);
        small.SubscribeOk(1, Topic);
        small.Connection.MaxMessageSize = 16;

        publisher.Publish(1, Topic, arguments: [new string('x', 100)]);

        Assert.Equal(1, small.Session.DroppedEvents);
        Assert.False(small.Connection.IsClosed);
    }

    [Fact]
    public void CallRefused_CallerOutboxFull_ClosesTheCallerRatherThanLoseTheError()
    {
        using var router = new TestRouter(Realm());
        TestClient caller = router.Join(WampSerializer.Json);
        caller.Connection.Result = WriteResult.Full;

        caller.Call(1, "com.example.nobody");

        Assert.Equal(1, caller.Connection.CloseCount);
        Assert.Equal(SessionState.Closed, caller.Session.State);
        Assert.Single(router.Log.Entries, entry => entry.Message.Contains("an RPC answer could not be queued", StringComparison.Ordinal));
    }
}
