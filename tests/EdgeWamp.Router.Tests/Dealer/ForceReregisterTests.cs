using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Dealer;

/// <summary>
/// REGISTER.Options.force_reregister: a callee with the same authid takes a registration over from its stale session,
/// which learns through registration revocation (WAMP spec, Advanced Profile, "Registration Revocation":
/// [UNREGISTERED, 0, {"registration": id, "reason": ...}]). A callee with another authid cannot.
/// </summary>
/// <remarks>
/// Anonymous sessions get random authids, so two sessions never share one by themselves; the tests that need the same
/// authid set it with <see cref="TestIdentity"/>, and the plain anonymous case is the "different authid" case.
/// </remarks>
public sealed class ForceReregisterTests : IDisposable
{
    private const string Procedure = "com.myapp.device.read";

    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    private static Dictionary<string, object?> Force => WampValue.Map(("force_reregister", true));

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Register_ForceWithTheSameAuthId_TakesOverAndRevokesTheOldRegistration(WampSerializer serializer)
    {
        TestClient stale = _router.JoinWith(serializer, AdvancedClient.CalleeAnnouncing("registration_revocation"));
        TestClient restarted = _router.Join(serializer);
        TestClient caller = _router.Join(serializer);
        TestIdentity.SetAuthId(stale, "device-7");
        TestIdentity.SetAuthId(restarted, "device-7");
        ulong oldId = stale.RegisterOk(1, Procedure);

        restarted.Register(2, Procedure, Force);

        ReceivedMessage revoked = stale.Single();
        Assert.Equal(WampMessageType.Unregistered, revoked.Type);
        Assert.Equal(0UL, revoked.FirstId);
        Dictionary<string, object?> details = revoked.DetailsMap;
        Assert.Equal(oldId, details["registration"]);
        Assert.IsType<string>(details["reason"]);
        Assert.Equal(2, details.Count);
        ReceivedMessage registered = restarted.Single();
        Assert.Equal(WampMessageType.Registered, registered.Type);
        Assert.Equal(2UL, registered.FirstId);
        WampAssert.ValidId(registered.SecondId);

        caller.Call(3, Procedure);
        Assert.Equal(registered.SecondId, restarted.SingleInvocation().SecondId);
        stale.AssertNothingReceived();
    }

    [Fact]
    public void Register_ForceWithTheSameAuthId_TheOldSessionCanNoLongerUnregisterIt()
    {
        TestClient stale = _router.JoinWith(WampSerializer.Cbor, AdvancedClient.CalleeAnnouncing("registration_revocation"));
        TestClient restarted = _router.Join(WampSerializer.Cbor);
        TestIdentity.SetAuthId(stale, "device-7");
        TestIdentity.SetAuthId(restarted, "device-7");
        ulong oldId = stale.RegisterOk(1, Procedure);
        ulong newId = restarted.RegisterWith(2, Procedure, Force);
        Assert.Equal(WampMessageType.Unregistered, stale.Single().Type);

        stale.Unregister(3, oldId);
        WampAssert.Error(stale.Single(), WampMessageType.Unregister, 3, "wamp.error.no_such_registration");
        stale.Unregister(4, newId);
        WampAssert.Error(stale.Single(), WampMessageType.Unregister, 4, "wamp.error.no_such_registration");

        stale.Session.OnDisconnected();
        TestClient caller = _router.Join(WampSerializer.Cbor);
        caller.Call(5, Procedure);
        Assert.Equal(newId, restarted.SingleInvocation().SecondId);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Register_ForceWithAnotherAuthId_AnswersProcedureAlreadyExists(WampSerializer serializer)
    {
        TestClient owner = _router.Join(serializer);
        TestClient intruder = _router.Join(serializer);
        TestClient caller = _router.Join(serializer);
        Assert.NotEqual(TestIdentity.AuthId(owner), TestIdentity.AuthId(intruder));
        ulong registrationId = owner.RegisterOk(1, Procedure);

        intruder.Register(2, Procedure, Force);

        WampAssert.Message(intruder.Single(), 8, 64, 2, WampValue.Map(), "wamp.error.procedure_already_exists");
        owner.AssertNothingReceived();
        caller.Call(3, Procedure);
        Assert.Equal(registrationId, owner.SingleInvocation().SecondId);
    }

    [Fact]
    public void Register_SameAuthIdWithoutForce_AnswersProcedureAlreadyExists()
    {
        TestClient stale = _router.JoinWith(WampSerializer.Cbor, AdvancedClient.CalleeAnnouncing("registration_revocation"));
        TestClient restarted = _router.Join(WampSerializer.Cbor);
        TestIdentity.SetAuthId(stale, "device-7");
        TestIdentity.SetAuthId(restarted, "device-7");
        stale.RegisterOk(1, Procedure);

        restarted.Register(2, Procedure, WampValue.Map(("force_reregister", false)));

        WampAssert.Error(restarted.Single(), WampMessageType.Register, 2, "wamp.error.procedure_already_exists");
        stale.AssertNothingReceived();
    }

    [Fact]
    public void Register_ForceOnAProcedureNobodyHolds_JustRegisters()
    {
        TestClient callee = _router.Join(WampSerializer.Cbor);

        callee.RegisterWith(1, Procedure, Force);
    }

    [Fact]
    public void Register_ForceOverASharedRegistrationHeldBySeveralSessionsOfTheSameAuthId_RevokesItFromEachOfThem()
    {
        TestClient a = _router.JoinWith(WampSerializer.Cbor, AdvancedClient.CalleeAnnouncing("registration_revocation"));
        TestClient b = _router.JoinWith(WampSerializer.Json, AdvancedClient.CalleeAnnouncing("registration_revocation"));
        TestClient restarted = _router.Join(WampSerializer.MsgPack);
        foreach (TestClient client in (TestClient[])[a, b, restarted])
        {
            TestIdentity.SetAuthId(client, "worker");
        }

        ulong oldId = a.RegisterShared(1, Procedure, "roundrobin");
        b.RegisterShared(1, Procedure, "roundrobin");

        restarted.Register(2, Procedure, WampValue.Map(("force_reregister", true), ("invoke", "roundrobin")));

        Assert.Equal(oldId, a.Single().DetailsMap["registration"]);
        Assert.Equal(oldId, b.Single().DetailsMap["registration"]);
        Assert.Equal(WampMessageType.Registered, restarted.Single().Type);
    }

    [Fact]
    public void Register_ForceOverASharedRegistrationWithAnotherAuthIdAmongItsCallees_AnswersProcedureAlreadyExists()
    {
        TestClient mine = _router.Join(WampSerializer.Cbor);
        TestClient theirs = _router.Join(WampSerializer.Cbor);
        TestClient restarted = _router.Join(WampSerializer.Cbor);
        TestIdentity.SetAuthId(mine, "worker");
        TestIdentity.SetAuthId(restarted, "worker");
        mine.RegisterShared(1, Procedure, "roundrobin");
        theirs.RegisterShared(1, Procedure, "roundrobin");

        restarted.Register(2, Procedure, Force);

        WampAssert.Error(restarted.Single(), WampMessageType.Register, 2, "wamp.error.procedure_already_exists");
        mine.AssertNothingReceived();
        theirs.AssertNothingReceived();
    }

    [Fact]
    public void Register_ForceTakeover_RegistrationMetaEventsReportTheRevocation()
    {
        TestClient observer = _router.Join(WampSerializer.Json);
        observer.SubscribeMatching(1, "wamp.registration.on_", "prefix");
        TestClient stale = _router.JoinWith(WampSerializer.Cbor, AdvancedClient.CalleeAnnouncing("registration_revocation"));
        TestClient restarted = _router.Join(WampSerializer.Cbor);
        TestIdentity.SetAuthId(stale, "device-7");
        TestIdentity.SetAuthId(restarted, "device-7");
        ulong oldId = stale.RegisterOk(1, Procedure);
        observer.TakeAll();

        ulong newId = restarted.RegisterWith(2, Procedure, Force);

        List<ReceivedMessage> events = observer.TakeAll();
        Assert.Equal(
            ["wamp.registration.on_unregister", "wamp.registration.on_delete", "wamp.registration.on_create", "wamp.registration.on_register"],
            events.Select(e => (string)e.DetailsMap["topic"]!));
        WampValue.AssertEqual(new object?[] { new object?[] { stale.Id(), oldId } }, events[0].PayloadItems);
        WampValue.AssertEqual(new object?[] { new object?[] { stale.Id(), oldId } }, events[1].PayloadItems);
        WampValue.AssertEqual(new object?[] { new object?[] { restarted.Id(), newId } }, events[3].PayloadItems);
    }
}
