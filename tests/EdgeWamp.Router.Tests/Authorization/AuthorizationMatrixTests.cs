using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authorization;

/// <summary>
/// Each of the four actions, under each match policy, allowed on a matching URI and denied (wamp.error.not_authorized)
/// on a URI the rule does not cover or for an action the rule does not grant; deny by default.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    public static TheoryData<WampAction, UriMatch, string, string, bool> Cases()
    {
        var data = new TheoryData<WampAction, UriMatch, string, string, bool>();
        foreach (WampAction action in new[] { WampAction.Call, WampAction.Register, WampAction.Publish, WampAction.Subscribe })
        {
            data.Add(action, UriMatch.Exact, "com.app.proc", "com.app.proc", true);
            data.Add(action, UriMatch.Exact, "com.app.proc", "com.app.proc2", false);
            data.Add(action, UriMatch.Exact, "com.app.proc", "com.app", false);
            data.Add(action, UriMatch.Prefix, "com.app.", "com.app.x.y", true);
            data.Add(action, UriMatch.Prefix, "com.app.", "com.other.x", false);
            data.Add(action, UriMatch.Wildcard, "com..proc", "com.any.proc", true);
            data.Add(action, UriMatch.Wildcard, "com..proc", "com.any.other", false);
            data.Add(action, UriMatch.Wildcard, "com..proc", "com.a.b.proc", false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Action_UnderRule_AllowedOnlyWhereTheRuleMatches(WampAction action, UriMatch match, string ruleUri, string uri, bool allowed)
    {
        using var router = new TestRouter(Realm(new PermissionRule(ruleUri, match, action)));
        TestClient client = router.Join(WampSerializer.Cbor, "r");

        Assert.Equal(allowed, Attempt(client, action, uri));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Action_RuleGrantingEveryOtherAction_IsDenied(WampAction action, UriMatch match, string ruleUri, string uri, bool matches)
    {
        WampAction others = TestRouter.AllActions & ~action;
        using var router = new TestRouter(Realm(new PermissionRule(ruleUri, match, others)));
        TestClient client = router.Join(WampSerializer.Json, "r");

        Assert.False(Attempt(client, action, uri), $"{action} on {uri} (rule matches: {matches})");
    }

    [Theory]
    [InlineData(WampAction.Call)]
    [InlineData(WampAction.Register)]
    [InlineData(WampAction.Publish)]
    [InlineData(WampAction.Subscribe)]
    public void Action_RoleWithoutRules_IsDeniedByDefault(WampAction action)
    {
        using var router = new TestRouter(new RealmOptions { Name = "r", Roles = [new Role("anonymous", [])], AnonymousRole = "anonymous" });
        TestClient client = router.Join(WampSerializer.MsgPack, "r");

        Assert.False(Attempt(client, action, "com.app.proc"));
    }

    [Theory]
    [InlineData("wamp.session.count")]
    [InlineData("wamp.session.list")]
    [InlineData("wamp.registration.list")]
    [InlineData("wamp.subscription.list")]
    public void MetaProcedure_NotGranted_IsNotAuthorized(string procedure)
    {
        using var router = new TestRouter(Realm(new PermissionRule("com.", UriMatch.Prefix, TestRouter.AllActions)));
        TestClient client = router.Join(WampSerializer.Cbor, "r");

        client.Call(1, procedure);

        WampAssert.Error(client.Single(), WampMessageType.Call, 1, "wamp.error.not_authorized");
    }

    [Fact]
    public void MetaProcedure_GrantedExactly_Answers()
    {
        using var router = new TestRouter(Realm(new PermissionRule("wamp.session.count", UriMatch.Exact, WampAction.Call)));
        TestClient client = router.Join(WampSerializer.Cbor, "r");

        client.Call(1, "wamp.session.count");

        ReceivedMessage result = client.Single();
        Assert.Equal(WampMessageType.Result, result.Type);
        client.Call(2, "wamp.session.list");
        WampAssert.Error(client.Single(), WampMessageType.Call, 2, "wamp.error.not_authorized");
    }

    [Fact]
    public void MetaTopic_NotGranted_SubscribeIsNotAuthorized()
    {
        using var router = new TestRouter(Realm(new PermissionRule("com.", UriMatch.Prefix, TestRouter.AllActions)));
        TestClient client = router.Join(WampSerializer.Json, "r");

        client.Subscribe(1, "wamp.session.on_join");

        WampAssert.Error(client.Single(), WampMessageType.Subscribe, 1, "wamp.error.not_authorized");
    }

    [Fact]
    public void EdgeWampProcedure_NotGranted_CallIsNotAuthorizedAndRegisterToo()
    {
        using var router = new TestRouter(Realm(new PermissionRule("com.", UriMatch.Prefix, TestRouter.AllActions)));
        TestClient client = router.Join(WampSerializer.Json, "r");

        client.Call(1, "edgewamp.status");
        WampAssert.Error(client.Single(), WampMessageType.Call, 1, "wamp.error.not_authorized");
        client.Register(2, "edgewamp.status");
        WampAssert.Error(client.Single(), WampMessageType.Register, 2, "wamp.error.not_authorized");
    }

    [Fact]
    public void Realms_AreIsolated_EventsCallsAndMetaStayInTheirRealm()
    {
        using var router = new TestRouter(TestRouter.AllowAllRealm("a"), TestRouter.AllowAllRealm("b"));
        TestClient subscriberA = router.Join(WampSerializer.Cbor, "a");
        TestClient calleeA = router.Join(WampSerializer.Cbor, "a");
        TestClient clientB = router.Join(WampSerializer.Json, "b");
        subscriberA.SubscribeOk(1, "com.topic");
        calleeA.RegisterOk(1, "com.proc");

        clientB.Publish(1, "com.topic", WampValue.Map(("acknowledge", true)), ["from b"]);
        Assert.Equal(WampMessageType.Published, clientB.Single().Type);
        clientB.Call(2, "com.proc");
        WampAssert.Error(clientB.Single(), WampMessageType.Call, 2, "wamp.error.no_such_procedure");
        clientB.Call(3, "wamp.session.count");
        ReceivedMessage count = clientB.Single();
        Assert.Equal(WampMessageType.Result, count.Type);
        WampValue.AssertEqual(new object?[] { 1L }, WampValue.DecodeItems(WampSerializer.Json, count.Payload, count.PayloadCount)[0]);

        // B can register the same procedure: registrations are per realm.
        clientB.RegisterOk(4, "com.proc");
        subscriberA.AssertNothingReceived();
        calleeA.AssertNothingReceived();
    }

    private static RealmOptions Realm(PermissionRule rule) => new()
    {
        Name = "r",
        Roles = [new Role("anonymous", [rule])],
        AnonymousRole = "anonymous",
    };

    /// <summary>Performs the action; true when the router let it through authorization.</summary>
    private static bool Attempt(TestClient client, WampAction action, string uri)
    {
        switch (action)
        {
            case WampAction.Subscribe:
                client.Subscribe(1, uri);
                return Verdict(client.Single(), WampMessageType.Subscribe, WampMessageType.Subscribed);
            case WampAction.Register:
                client.Register(1, uri);
                return Verdict(client.Single(), WampMessageType.Register, WampMessageType.Registered);
            case WampAction.Publish:
                client.Publish(1, uri, WampValue.Map(("acknowledge", true)));
                return Verdict(client.Single(), WampMessageType.Publish, WampMessageType.Published);
            default:
                // Nobody registered the procedure: past authorization the dealer answers no_such_procedure.
                client.Call(1, uri);
                ReceivedMessage answer = client.Single();
                Assert.Equal(WampMessageType.Error, answer.Type);
                Assert.Contains(answer.Text, new[] { "wamp.error.not_authorized", "wamp.error.no_such_procedure" });
                return answer.Text == "wamp.error.no_such_procedure";
        }
    }

    private static bool Verdict(ReceivedMessage answer, WampMessageType request, WampMessageType success)
    {
        if (answer.Type == success)
        {
            return true;
        }

        WampAssert.Error(answer, request, 1, "wamp.error.not_authorized");
        return false;
    }
}
