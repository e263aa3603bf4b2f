using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests;

/// <summary>A realm as a routing namespace: its sessions, and isolation from other realms.</summary>
public sealed class RealmTests : IDisposable
{
    private readonly TestRouter _router = new(TestRouter.AllowAllRealm("realm1"), TestRouter.AllowAllRealm("realm2"));

    private Realm Realm1 => _router.Router.FindRealm("realm1"u8)!;

    private Realm Realm2 => _router.Router.FindRealm("realm2"u8)!;

    public void Dispose() => _router.Dispose();

    [Fact]
    public void Options_ConfiguredRealm_AreKept()
    {
        Assert.Equal("realm1", Realm1.Name);
        Assert.Equal("realm1", Realm1.Options.Name);
        Assert.Equal("anonymous", Realm1.Options.AnonymousRole);
        Assert.Equal("anonymous", Assert.Single(Realm1.Options.Roles).Name);
        Assert.NotNull(Realm1.FindRole("anonymous"));
        Assert.Null(Realm1.FindRole("admin"));
    }

    [Fact]
    public void Join_Sessions_AreCountedInTheirRealm()
    {
        _router.Join(WampSerializer.Json, "realm1");
        _router.Join(WampSerializer.Cbor, "realm1");
        _router.Join(WampSerializer.MsgPack, "realm2");
        _router.Connect(WampSerializer.Json);

        Assert.Equal(2, Realm1.SessionCount);
        Assert.Equal(1, Realm2.SessionCount);
        Assert.Equal(3, _router.Router.SessionCount);
    }

    [Theory]
    [InlineData("goodbye")]
    [InlineData("abort")]
    [InlineData("disconnect")]
    [InlineData("protocol violation")]
    [InlineData("malformed")]
    public void Leave_AnyWay_RemovesTheSessionFromItsRealm(string way)
    {
        TestClient staying = _router.Join(WampSerializer.Cbor);
        TestClient leaving = _router.Join(WampSerializer.Cbor);

        switch (way)
        {
            case "goodbye": leaving.Goodbye(); break;
            case "abort": leaving.Abort(); break;
            case "disconnect": leaving.Session.OnDisconnected(); break;
            case "protocol violation": leaving.Hello("realm1"); break;
            default: leaving.SendRaw([0xFF]); break;
        }

        Assert.Equal(1, Realm1.SessionCount);
        Assert.Equal(1, _router.Router.SessionCount);
        Assert.NotEqual(SessionState.Established, leaving.Session.State);
        Assert.Equal(0UL, leaving.Session.Id);
        Assert.Equal(SessionState.Established, staying.Session.State);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_SameTopicInTwoRealms_EventsStayInTheirRealm(WampSerializer serializer)
    {
        TestClient publisher1 = _router.Join(serializer, "realm1");
        TestClient subscriber1 = _router.Join(serializer, "realm1");
        TestClient subscriber2 = _router.Join(serializer, "realm2");
        ulong subscription1 = subscriber1.SubscribeOk(1, "sensors.x");
        subscriber2.SubscribeOk(1, "sensors.x");

        publisher1.Publish(2, "sensors.x", arguments: ["realm1 only"]);

        ReceivedMessage @event = subscriber1.Single();
        WampAssert.Message(@event, 36, subscription1, @event.SecondId, WampValue.Map(), new object?[] { "realm1 only" });
        subscriber2.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Register_SameProcedureInTwoRealms_EachRealmCallsItsOwnCallee(WampSerializer serializer)
    {
        TestClient callee1 = _router.Join(serializer, "realm1");
        TestClient callee2 = _router.Join(serializer, "realm2");
        TestClient caller2 = _router.Join(serializer, "realm2");
        callee1.RegisterOk(1, "gpio.led.write");
        ulong registration2 = callee2.RegisterOk(1, "gpio.led.write");

        caller2.Call(2, "gpio.led.write", [2]);

        ReceivedMessage invocation = callee2.Single();
        Assert.Equal(registration2, invocation.SecondId);
        callee1.AssertNothingReceived();
    }

    [Fact]
    public void Call_ProcedureOnlyInAnotherRealm_AnswersNoSuchProcedure()
    {
        TestClient callee1 = _router.Join(WampSerializer.Json, "realm1");
        TestClient caller2 = _router.Join(WampSerializer.Json, "realm2");
        callee1.RegisterOk(1, "gpio.led.write");

        caller2.Call(2, "gpio.led.write");

        WampAssert.RequestRefused(caller2.Single(), WampMessageType.Call, 2, "wamp.error.no_such_procedure");
        callee1.AssertNothingReceived();
    }

    [Fact]
    public void Shutdown_OneRealm_SaysGoodbyeOnlyToItsSessions()
    {
        TestClient in1 = _router.Join(WampSerializer.Json, "realm1");
        TestClient in2 = _router.Join(WampSerializer.Json, "realm2");

        Realm1.Shutdown("wamp.close.close_realm"u8);

        WampAssert.Goodbye(in1.Single(), "wamp.close.close_realm");
        Assert.Equal(SessionState.ShuttingDown, in1.Session.State);
        in2.AssertNothingReceived();
        Assert.Equal(SessionState.Established, in2.Session.State);
    }

    [Fact]
    public void Dispatch_WhileShuttingDown_StillRoutesUntilTheClientReplies()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, "gpio.led.write");
        caller.Call(2, "gpio.led.write");
        ReceivedMessage invocation = callee.Single();
        _router.Router.Shutdown();
        caller.TakeAll();
        callee.TakeAll();

        callee.Yield(invocation.FirstId, ["finished"]);

        WampAssert.Message(caller.Single(), 50, 2, WampValue.Map(), new object?[] { "finished" });
    }
}
