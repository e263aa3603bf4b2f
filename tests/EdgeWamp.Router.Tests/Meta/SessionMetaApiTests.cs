using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Meta;

/// <summary>The session meta API (WAMP spec, Advanced Profile, "Session Meta API"): procedures and events, end to end.</summary>
public sealed class SessionMetaApiTests : IDisposable
{
    private readonly TestRouter _router = new(TestIdentity.RealmWithRoles(TestRouter.RealmName, "manager", "staff"));

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Count_SessionsInTheRealm_CountsEveryOneIncludingTheCaller(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        _router.Join(WampSerializer.Cbor);
        _router.Join(WampSerializer.Json);

        WampValue.AssertEqual(3, caller.CallForValue(1, "wamp.session.count"));
    }

    [Fact]
    public void Count_AfterASessionLeaves_CountsOneLess()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient leaving = _router.Join(WampSerializer.Cbor);

        leaving.Session.OnDisconnected();

        WampValue.AssertEqual(1, caller.CallForValue(1, "wamp.session.count"));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Count_FilterAuthRoles_CountsOnlySessionsWithThoseRoles(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestIdentity.SetAuthRole(_router.Join(WampSerializer.Cbor), "manager");
        TestIdentity.SetAuthRole(_router.Join(WampSerializer.Cbor), "staff");
        TestIdentity.SetAuthRole(_router.Join(WampSerializer.Cbor), "staff");

        WampValue.AssertEqual(2, caller.CallForValue(1, "wamp.session.count", [new object?[] { "staff" }]));
        WampValue.AssertEqual(3, caller.CallForValue(2, "wamp.session.count", [new object?[] { "staff", "manager" }]));
        WampValue.AssertEqual(1, caller.CallForValue(3, "wamp.session.count", [new object?[] { "anonymous" }]));
        WampValue.AssertEqual(0, caller.CallForValue(4, "wamp.session.count", [new object?[] { "nobody" }]));
        WampValue.AssertEqual(0, caller.CallForValue(5, "wamp.session.count", [Array.Empty<object?>()]));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void List_SessionsInTheRealm_ListsEveryId(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient a = _router.Join(WampSerializer.Cbor);
        TestClient b = _router.Join(WampSerializer.MsgPack);

        List<object?> ids = Assert.IsType<List<object?>>(caller.CallForValue(1, "wamp.session.list"));

        Assert.Equal(new HashSet<object?> { caller.Id(), a.Id(), b.Id() }, ids.ToHashSet());
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public void List_FilterAuthRoles_ListsOnlySessionsWithThoseRoles()
    {
        TestClient caller = _router.Join(WampSerializer.Json);
        TestClient manager = _router.Join(WampSerializer.Cbor);
        TestClient staff = _router.Join(WampSerializer.Cbor);
        TestIdentity.SetAuthRole(manager, "manager");
        TestIdentity.SetAuthRole(staff, "staff");

        List<object?> ids = Assert.IsType<List<object?>>(caller.CallForValue(1, "wamp.session.list", [new object?[] { "manager", "anonymous" }]));

        Assert.Equal(new HashSet<object?> { caller.Id(), manager.Id() }, ids.ToHashSet());
    }

    [Fact]
    public void List_OtherRealm_IsNotListed()
    {
        using var router = new TestRouter(TestRouter.AllowAllRealm("realm1"), TestRouter.AllowAllRealm("realm2"));
        TestClient caller = router.Join(WampSerializer.Cbor, "realm1");
        router.Join(WampSerializer.Cbor, "realm2");

        List<object?> ids = Assert.IsType<List<object?>>(caller.CallForValue(1, "wamp.session.list"));

        Assert.Equal([caller.Id()], ids);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Get_KnownSession_ReturnsItsDetails(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient other = _router.Join(WampSerializer.MsgPack);

        var details = Assert.IsType<Dictionary<string, object?>>(caller.CallForValue(1, "wamp.session.get", [other.Id()]));

        Assert.Equal(other.Id(), details["session"]);
        Assert.Equal(TestIdentity.AuthId(other), details["authid"]);
        Assert.Equal("anonymous", details["authrole"]);
        Assert.Equal("anonymous", details["authmethod"]);
        Assert.IsType<string>(details["authprovider"]);
        Assert.IsType<Dictionary<string, object?>>(details["transport"]);
        Assert.Equal(6, details.Count);
    }

    [Fact]
    public void Get_OwnSession_ReturnsItsDetails()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        var details = Assert.IsType<Dictionary<string, object?>>(caller.CallForValue(1, "wamp.session.get", [caller.Id()]));

        Assert.Equal(caller.Id(), details["session"]);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Get_UnknownSession_AnswersNoSuchSession(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);

        caller.CallFails(1, "wamp.session.get", "wamp.error.no_such_session", [123456789]);
    }

    [Fact]
    public void Get_SessionThatLeft_AnswersNoSuchSession()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient leaving = _router.Join(WampSerializer.Cbor);
        ulong id = leaving.Id();
        leaving.Session.OnDisconnected();

        caller.CallFails(1, "wamp.session.get", "wamp.error.no_such_session", [id]);
    }

    [Fact]
    public void Get_WithoutArguments_AnswersNoSuchSession()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, "wamp.session.get", "wamp.error.no_such_session");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Kill_OtherSession_SaysGoodbyeWithTheReasonAndMessageAndTheSessionIsGone(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient victim = _router.Join(WampSerializer.Cbor);
        ulong victimId = victim.Id();

        List<object?> result = caller.CallOk(1, "wamp.session.kill", [victimId], WampValue.Map(("reason", "com.myapp.kicked"), ("message", "bye now")));

        Assert.Empty(result);
        WampAssert.Message(victim.Single(), 6, WampValue.Map(("message", "bye now")), "com.myapp.kicked");
        Assert.Equal(SessionState.Closed, victim.Session.State);
        Assert.True(victim.Connection.IsClosed);
        WampValue.AssertEqual(1, caller.CallForValue(2, "wamp.session.count"));
        caller.CallFails(3, "wamp.session.get", "wamp.error.no_such_session", [victimId]);
    }

    [Fact]
    public void Kill_WithoutKeywordArguments_SaysGoodbyeWithCloseNormalAndNoMessage()
    {
        TestClient caller = _router.Join(WampSerializer.Json);
        TestClient victim = _router.Join(WampSerializer.Json);

        caller.CallOk(1, "wamp.session.kill", [victim.Id()]);

        WampAssert.Message(victim.Single(), 6, WampValue.Map(), "wamp.close.normal");
    }

    [Fact]
    public void Kill_OwnSession_AnswersNoSuchSession()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, "wamp.session.kill", "wamp.error.no_such_session", [caller.Id()]);

        Assert.Equal(SessionState.Established, caller.Session.State);
    }

    [Fact]
    public void Kill_UnknownSession_AnswersNoSuchSession()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, "wamp.session.kill", "wamp.error.no_such_session", [42]);
    }

    [Fact]
    public void KillAndGet_SessionOfAnotherRealm_AnswerNoSuchSession()
    {
        using var router = new TestRouter(TestRouter.AllowAllRealm("realm1"), TestRouter.AllowAllRealm("realm2"));
        TestClient caller = router.Join(WampSerializer.Cbor, "realm1");
        TestClient elsewhere = router.Join(WampSerializer.Cbor, "realm2");

        caller.CallFails(1, "wamp.session.get", "wamp.error.no_such_session", [elsewhere.Id()]);
        caller.CallFails(2, "wamp.session.kill", "wamp.error.no_such_session", [elsewhere.Id()]);
        WampValue.AssertEqual(0, caller.CallForValue(3, "wamp.session.kill_by_authid", [TestIdentity.AuthId(elsewhere)]));

        elsewhere.AssertNothingReceived();
        Assert.Equal(SessionState.Established, elsewhere.Session.State);
    }

    [Fact]
    public void Kill_InvalidReason_AnswersInvalidUriAndKillsNobody()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient victim = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, "wamp.session.kill", "wamp.error.invalid_uri", [victim.Id()], WampValue.Map(("reason", "not a uri")));

        victim.AssertNothingReceived();
        Assert.Equal(SessionState.Established, victim.Session.State);
    }

    [Fact]
    public void Kill_CalleeWithACallInFlight_ItsCallerGetsCanceled()
    {
        TestClient admin = _router.Join(WampSerializer.Cbor);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, "com.myapp.slow");
        caller.Call(2, "com.myapp.slow");
        callee.SingleInvocation();

        admin.CallOk(3, "wamp.session.kill", [callee.Id()]);

        WampAssert.Error(caller.Single(), WampMessageType.Call, 2, "wamp.error.canceled");
        caller.CallFails(4, "com.myapp.slow", "wamp.error.no_such_procedure");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void KillByAuthId_KillsEverySessionWithTheAuthIdButTheCaller(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient twin = _router.Join(WampSerializer.Cbor);
        TestClient other = _router.Join(WampSerializer.Json);
        TestClient bystander = _router.Join(WampSerializer.MsgPack);
        TestIdentity.SetAuthId(caller, "device-7");
        TestIdentity.SetAuthId(twin, "device-7");
        TestIdentity.SetAuthId(other, "device-7");

        object? count = caller.CallForValue(1, "wamp.session.kill_by_authid", ["device-7"], WampValue.Map(("reason", "com.myapp.replaced"), ("message", "a new device-7 joined")));

        WampValue.AssertEqual(2, count);
        WampAssert.Message(twin.Single(), 6, WampValue.Map(("message", "a new device-7 joined")), "com.myapp.replaced");
        WampAssert.Message(other.Single(), 6, WampValue.Map(("message", "a new device-7 joined")), "com.myapp.replaced");
        bystander.AssertNothingReceived();
        Assert.Equal(SessionState.Established, caller.Session.State);
        Assert.Equal(SessionState.Established, bystander.Session.State);
        WampValue.AssertEqual(2, caller.CallForValue(2, "wamp.session.count"));
    }

    [Fact]
    public void KillByAuthId_NoSuchAuthId_ReturnsZero()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient bystander = _router.Join(WampSerializer.Cbor);

        WampValue.AssertEqual(0, caller.CallForValue(1, "wamp.session.kill_by_authid", ["nobody"]));

        bystander.AssertNothingReceived();
    }

    [Fact]
    public void KillByAuthId_WithoutAnAuthId_AnswersInvalidArgument()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, "wamp.session.kill_by_authid", "wamp.error.invalid_argument");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void KillByAuthRole_KillsEverySessionWithTheRoleButTheCaller(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient staff1 = _router.Join(WampSerializer.Cbor);
        TestClient staff2 = _router.Join(WampSerializer.Json);
        TestClient manager = _router.Join(WampSerializer.Cbor);
        TestIdentity.SetAuthRole(caller, "staff");
        TestIdentity.SetAuthRole(staff1, "staff");
        TestIdentity.SetAuthRole(staff2, "staff");
        TestIdentity.SetAuthRole(manager, "manager");

        WampValue.AssertEqual(2, caller.CallForValue(1, "wamp.session.kill_by_authrole", ["staff"]));

        WampAssert.Goodbye(staff1.Single(), "wamp.close.normal");
        WampAssert.Goodbye(staff2.Single(), "wamp.close.normal");
        manager.AssertNothingReceived();
        WampValue.AssertEqual(2, caller.CallForValue(2, "wamp.session.count"));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void KillAll_KillsEveryOtherSessionAndReturnsTheCount(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient[] others = [_router.Join(WampSerializer.Cbor), _router.Join(WampSerializer.Json), _router.Join(WampSerializer.MsgPack)];

        WampValue.AssertEqual(3, caller.CallForValue(1, "wamp.session.kill_all", argumentsKw: WampValue.Map(("reason", "wamp.close.system_shutdown"))));

        Assert.All(others, other =>
        {
            WampAssert.Goodbye(other.Single(), "wamp.close.system_shutdown");
            Assert.Equal(SessionState.Closed, other.Session.State);
        });
        Assert.Equal(SessionState.Established, caller.Session.State);
        WampValue.AssertEqual(1, caller.CallForValue(2, "wamp.session.count"));
    }

    [Fact]
    public void KillAll_AloneInTheRealm_ReturnsZero()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        WampValue.AssertEqual(0, caller.CallForValue(1, "wamp.session.kill_all"));
    }

    [Fact]
    public void KillAll_InvalidReason_AnswersInvalidUri()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient other = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, "wamp.session.kill_all", "wamp.error.invalid_uri", argumentsKw: WampValue.Map(("reason", "..")));

        other.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OnJoin_SessionJoins_ObserversGetItsDetails(WampSerializer serializer)
    {
        TestClient observer = _router.Join(serializer);
        ulong subscriptionId = observer.SubscribeOk(1, "wamp.session.on_join");

        TestClient joined = _router.Join(WampSerializer.Cbor);

        ReceivedMessage @event = observer.SingleEvent();
        Assert.Equal(subscriptionId, @event.FirstId);
        List<object?> items = @event.PayloadItems;
        List<object?> arguments = Assert.IsType<List<object?>>(Assert.Single(items));
        var details = Assert.IsType<Dictionary<string, object?>>(Assert.Single(arguments));
        Assert.Equal(joined.Id(), details["session"]);
        Assert.Equal(TestIdentity.AuthId(joined), details["authid"]);
        Assert.Equal("anonymous", details["authrole"]);
        Assert.Equal("anonymous", details["authmethod"]);
        Assert.IsType<string>(details["authprovider"]);
        Assert.IsType<Dictionary<string, object?>>(details["transport"]);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OnLeave_SessionSaysGoodbye_ObserversGetSessionAuthIdAndAuthRole(WampSerializer serializer)
    {
        TestClient observer = _router.Join(serializer);
        observer.SubscribeOk(1, "wamp.session.on_leave");
        TestClient leaving = _router.Join(WampSerializer.MsgPack);
        ulong id = leaving.Id();
        string authId = TestIdentity.AuthId(leaving);

        leaving.Goodbye();

        WampValue.AssertEqual(new object?[] { new object?[] { id, authId, "anonymous" } }, observer.SingleEvent().PayloadItems);
    }

    [Theory]
    [InlineData("disconnect")]
    [InlineData("abort")]
    [InlineData("kill")]
    public void OnLeave_AnyWayOfLeaving_IsPublished(string way)
    {
        TestClient observer = _router.Join(WampSerializer.Json);
        observer.SubscribeOk(1, "wamp.session.on_leave");
        TestClient admin = _router.Join(WampSerializer.Json);
        TestClient leaving = _router.Join(WampSerializer.Cbor);
        TestIdentity.SetAuthRole(leaving, "staff");
        ulong id = leaving.Id();
        string authId = TestIdentity.AuthId(leaving);

        switch (way)
        {
            case "disconnect": leaving.Session.OnDisconnected(); break;
            case "abort": leaving.Abort(); break;
            default: admin.CallOk(2, "wamp.session.kill", [id]); break;
        }

        WampValue.AssertEqual(new object?[] { new object?[] { id, authId, "staff" } }, observer.SingleEvent().PayloadItems);
    }

    [Fact]
    public void OnJoinAndOnLeave_PatternSubscription_GetsBothWithTheirTopics()
    {
        TestClient observer = _router.Join(WampSerializer.Cbor);
        observer.SubscribeMatching(1, "wamp.session.", "prefix");

        TestClient visitor = _router.Join(WampSerializer.Cbor);
        visitor.Session.OnDisconnected();

        Assert.Equal(["wamp.session.on_join", "wamp.session.on_leave"], observer.TakeAll().Select(e => (string)e.DetailsMap["topic"]!));
    }

    [Fact]
    public void MetaEvents_ArePublishedOnlyInTheSessionsRealm()
    {
        using var router = new TestRouter(TestRouter.AllowAllRealm("realm1"), TestRouter.AllowAllRealm("realm2"));
        TestClient observer = router.Join(WampSerializer.Cbor, "realm1");
        observer.SubscribeOk(1, "wamp.session.on_join");

        router.Join(WampSerializer.Cbor, "realm2");

        observer.AssertNothingReceived();
    }

    [Fact]
    public void Count_RoleWithoutCallPermission_AnswersNotAuthorized()
    {
        var realm = new RealmOptions
        {
            Name = TestRouter.RealmName,
            Roles = [new Role("anonymous", [new PermissionRule("com.myapp.", UriMatch.Prefix, TestRouter.AllActions), new PermissionRule("wamp.session.", UriMatch.Prefix, WampAction.Subscribe)])],
            AnonymousRole = "anonymous",
        };
        using var router = new TestRouter(realm);
        TestClient caller = router.Join(WampSerializer.Cbor);

        caller.Call(1, "wamp.session.count");

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 1, "wamp.error.not_authorized");
    }

    [Fact]
    public void Kill_RoleAllowedToCallOnlyCount_CannotKill()
    {
        var realm = new RealmOptions
        {
            Name = TestRouter.RealmName,
            Roles = [new Role("anonymous", [new PermissionRule("wamp.session.count", UriMatch.Exact, WampAction.Call)])],
            AnonymousRole = "anonymous",
        };
        using var router = new TestRouter(realm);
        TestClient caller = router.Join(WampSerializer.Json);
        TestClient victim = router.Join(WampSerializer.Json);

        WampValue.AssertEqual(2, caller.CallForValue(1, "wamp.session.count"));
        caller.Call(2, "wamp.session.kill", [victim.Id()]);

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 2, "wamp.error.not_authorized");
        victim.AssertNothingReceived();
    }

    [Fact]
    public void Call_UnknownMetaProcedure_AnswersNoSuchProcedure()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, "wamp.session.frobnicate", "wamp.error.no_such_procedure");
    }
}
