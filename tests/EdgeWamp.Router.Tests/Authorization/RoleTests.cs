using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authorization;

/// <summary>Role.IsAllowed itself, and its enforcement by the broker and the dealer of a realm.</summary>
public sealed class RoleTests : IDisposable
{
    /// <summary>Anonymous sessions may subscribe to and call anything under "sensors.", and nothing else.</summary>
    private readonly TestRouter _router = new(new RealmOptions
    {
        Name = "edge",
        Roles =
        [
            new Role("reader", [new PermissionRule("sensors.", UriMatch.Prefix, WampAction.Subscribe | WampAction.Call)]),
        ],
        AnonymousRole = "reader",
    });

    public void Dispose() => _router.Dispose();

    [Fact]
    public void IsAllowed_NoPermissions_DeniesEverything()
    {
        var role = new Role("nobody", []);

        Assert.False(role.IsAllowed(WampAction.Call, "a"u8));
        Assert.False(role.IsAllowed(WampAction.Subscribe, ""u8));
    }

    [Theory]
    [InlineData(WampAction.Subscribe, "sensors.x", true)]
    [InlineData(WampAction.Call, "sensors.read", true)]
    [InlineData(WampAction.Publish, "sensors.x", false)]
    [InlineData(WampAction.Register, "sensors.x", false)]
    [InlineData(WampAction.Subscribe, "gpio.x", false)]
    [InlineData(WampAction.Call, "gpio.led.write", true)]
    [InlineData(WampAction.Register, "gpio.led.write", false)]
    [InlineData(WampAction.Call, "gpio.led.read", false)]
    [InlineData(WampAction.Publish, "status.kitchen.online", true)]
    [InlineData(WampAction.Publish, "status.kitchen.online.now", false)]
    [InlineData(WampAction.Subscribe, "status.kitchen.online", false)]
    public void IsAllowed_SeveralRules_AllowsWhenAnyRuleAllowsTheActionOnTheUri(WampAction action, string uri, bool expected)
    {
        var role = new Role("device",
        [
            new PermissionRule("sensors.", UriMatch.Prefix, WampAction.Subscribe | WampAction.Call),
            new PermissionRule("gpio.led.write", UriMatch.Exact, WampAction.Call),
            new PermissionRule("status..online", UriMatch.Wildcard, WampAction.Publish),
        ]);

        Assert.Equal(expected, role.IsAllowed(action, System.Text.Encoding.UTF8.GetBytes(uri)));
    }

    [Fact]
    public void IsAllowed_RuleWithoutActions_AllowsNothing()
    {
        var role = new Role("inert", [new PermissionRule(string.Empty, UriMatch.Prefix, WampAction.None)]);

        Assert.False(role.IsAllowed(WampAction.Call, "a"u8));
        Assert.False(role.IsAllowed(WampAction.Publish, "a"u8));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void IsAllowed_ByTheBroker_SubscribeUnderThePrefixIsAllowed(WampSerializer serializer)
    {
        TestClient client = _router.Join(serializer, "edge");

        client.Subscribe(1, "sensors.x");

        ReceivedMessage subscribed = client.Single();
        WampAssert.Message(subscribed, 33, 1, subscribed.SecondId);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void IsAllowed_ByTheBroker_SubscribeOutsideThePrefixIsNotAuthorized(WampSerializer serializer)
    {
        TestClient client = _router.Join(serializer, "edge");

        client.Subscribe(2, "gpio.x");

        WampAssert.Message(client.Single(), 8, 32, 2, WampValue.Map(), "wamp.error.not_authorized");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void IsAllowed_ByTheBroker_PublishWithAcknowledgeIsNotAuthorizedAndNotDelivered(WampSerializer serializer)
    {
        TestClient subscriber = _router.Join(serializer, "edge");
        TestClient publisher = _router.Join(serializer, "edge");
        subscriber.SubscribeOk(1, "sensors.x");

        publisher.Publish(3, "sensors.x", WampValue.Map(("acknowledge", true)), [1]);

        WampAssert.Message(publisher.Single(), 8, 16, 3, WampValue.Map(), "wamp.error.not_authorized");
        subscriber.AssertNothingReceived();
    }

    [Fact]
    public void IsAllowed_ByTheBroker_PublishWithoutAcknowledgeIsDroppedSilently()
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor, "edge");
        TestClient publisher = _router.Join(WampSerializer.Cbor, "edge");
        subscriber.SubscribeOk(1, "sensors.x");

        publisher.Publish(3, "sensors.x", arguments: [1]);

        publisher.AssertNothingReceived();
        subscriber.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void IsAllowed_ByTheDealer_RegisterIsNotAuthorized(WampSerializer serializer)
    {
        TestClient client = _router.Join(serializer, "edge");

        client.Register(4, "sensors.x");

        WampAssert.Message(client.Single(), 8, 64, 4, WampValue.Map(), "wamp.error.not_authorized");
    }

    [Fact]
    public void IsAllowed_ByTheDealer_CallUnderThePrefixIsAllowed()
    {
        TestClient client = _router.Join(WampSerializer.Json, "edge");

        client.Call(5, "sensors.read");

        // Allowed: the dealer looked the procedure up (nobody registered it).
        WampAssert.RequestRefused(client.Single(), WampMessageType.Call, 5, "wamp.error.no_such_procedure");
    }

    [Fact]
    public void IsAllowed_ByTheDealer_CallOutsideThePrefixIsNotAuthorized()
    {
        TestClient client = _router.Join(WampSerializer.MsgPack, "edge");

        client.Call(6, "gpio.led.write", [1]);

        WampAssert.Message(client.Single(), 8, 48, 6, WampValue.Map(), "wamp.error.not_authorized");
    }

    [Fact]
    public void IsAllowed_DeniedRequests_LeaveTheSessionEstablished()
    {
        TestClient client = _router.Join(WampSerializer.Cbor, "edge");
        client.Subscribe(1, "gpio.x");
        client.Register(2, "sensors.x");
        client.TakeAll();

        client.Subscribe(3, "sensors.y");

        Assert.Equal(WampMessageType.Subscribed, client.Single().Type);
        Assert.False(client.Connection.IsClosed);
    }
}
