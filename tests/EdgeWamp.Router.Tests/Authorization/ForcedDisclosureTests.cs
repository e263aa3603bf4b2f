using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authorization;

/// <summary>Permission rules that force the caller's or publisher's identity into INVOCATION and EVENT (config: disclose).</summary>
public sealed class ForcedDisclosureTests
{
    [Fact]
    public void Call_RuleForcingCallerDisclosure_InvocationNamesTheCallerWhoDidNotAsk()
    {
        using var router = new TestRouter(Realm(
            new PermissionRule("audited.", UriMatch.Prefix, WampAction.Call, RuleDisclosure.Caller),
            new PermissionRule(string.Empty, UriMatch.Prefix, TestRouter.AllActions)));
        TestClient callee = router.Join(WampSerializer.Cbor, "r");
        TestClient caller = router.Join(WampSerializer.Json, "r");
        callee.RegisterOk(1, "audited.open_door");
        callee.RegisterOk(2, "plain.read");

        caller.Call(3, "audited.open_door");
        Dictionary<string, object?> details = callee.SingleInvocation().DetailsMap;
        Assert.Equal(caller.Id(), details["caller"]);
        Assert.Equal("anonymous", details["caller_authrole"]);

        caller.Call(4, "plain.read");
        Assert.False(callee.SingleInvocation().DetailsMap.ContainsKey("caller"));
    }

    [Fact]
    public void Publish_RuleForcingPublisherDisclosure_EventNamesThePublisherWhoDidNotAsk()
    {
        using var router = new TestRouter(Realm(
            new PermissionRule("alarms.", UriMatch.Prefix, WampAction.Publish, RuleDisclosure.Publisher),
            new PermissionRule(string.Empty, UriMatch.Prefix, TestRouter.AllActions)));
        TestClient subscriber = router.Join(WampSerializer.MsgPack, "r");
        TestClient publisher = router.Join(WampSerializer.Cbor, "r");
        subscriber.SubscribeOk(1, "alarms.fire");
        subscriber.SubscribeOk(2, "news.today");

        publisher.Publish(3, "alarms.fire", arguments: ["smoke"]);
        Dictionary<string, object?> details = subscriber.SingleEvent().DetailsMap;
        Assert.Equal(publisher.Id(), details["publisher"]);
        Assert.Equal("anonymous", details["publisher_authrole"]);

        publisher.Publish(4, "news.today", arguments: ["sun"]);
        Assert.False(subscriber.SingleEvent().DetailsMap.ContainsKey("publisher"));
    }

    [Fact]
    public void IsAllowed_DisclosureOfAnotherAction_IsNotForced()
    {
        var role = new Role("r", [new PermissionRule("x.", UriMatch.Prefix, WampAction.Call | WampAction.Publish, RuleDisclosure.Publisher)]);

        Assert.True(role.IsAllowed(WampAction.Call, "x.y"u8, out bool forcedForCall));
        Assert.False(forcedForCall);
        Assert.True(role.IsAllowed(WampAction.Publish, "x.y"u8, out bool forcedForPublish));
        Assert.True(forcedForPublish);
        Assert.False(role.IsAllowed(WampAction.Publish, "z"u8, out bool forcedWhenDenied));
        Assert.False(forcedWhenDenied);
    }

    private static RealmOptions Realm(params PermissionRule[] rules) => new()
    {
        Name = "r",
        Roles = [new Role("anonymous", rules)],
        AnonymousRole = "anonymous",
    };
}
