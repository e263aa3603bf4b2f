using System.Net;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

/// <summary>
/// The router-internal method "trusted": only an in-process connection opened with <see cref="AuthMethods.Trusted"/>
/// may use it, with a role of the realm it names or the built-in role "trusted" (WELCOME authprovider "internal").
/// </summary>
public sealed class TrustedAuthenticationTests : IDisposable
{
    // No anonymous role and no principals: only the router's own components get in.
    private readonly AuthenticationRouter _router = new(AuthenticationRouter.Inline());

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Hello_TrustedWithoutRole_WelcomesWithBuiltInTrustedRoleAllowedEverything(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer, AuthMethods.Trusted);

        AuthenticationRouter.Hello(client, ["trusted"], "sensors");

        Dictionary<string, object?> details = ExpectWelcome(client, "sensors", "trusted");
        Assert.Equal("internal", details["authprovider"]);
        client.Publish(1, "anything.at.all", WampValue.Map(("acknowledge", true)));
        Assert.Equal(WampMessageType.Published, client.Single().Type);
        client.RegisterOk(2, "gpio.led.write");
    }

    [Fact]
    public void Hello_TrustedWithRoleOfTheRealm_GetsThatRoleAndItsPermissionsApply()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor, AuthMethods.Trusted);
        Dictionary<string, object?> hello = TestClient.DefaultHelloDetails();
        hello["authmethods"] = new object?[] { "trusted" };
        hello["authrole"] = "reader";

        client.Hello("realm1", hello);

        ExpectWelcome(client, "edgewamp", "reader");
        client.SubscribeOk(1, "sensors.env.temperature");
        client.Publish(2, "sensors.env.temperature", WampValue.Map(("acknowledge", true)));
        WampAssert.RequestRefused(client.Single(), WampMessageType.Publish, 2, "wamp.error.not_authorized");
    }

    [Fact]
    public void Hello_TrustedWithUnknownRole_AbortsWithNoSuchRole()
    {
        TestClient client = _router.Connect(WampSerializer.Json, AuthMethods.Trusted);
        Dictionary<string, object?> hello = TestClient.DefaultHelloDetails();
        hello["authmethods"] = new object?[] { "trusted" };
        hello["authrole"] = "admin";

        client.Hello("realm1", hello);

        WampAssert.AbortedAndClosed(client, "wamp.error.no_such_role");
    }

    [Theory]
    [InlineData(TransportKind.Tcp)]
    [InlineData(TransportKind.Unix)]
    [InlineData(TransportKind.Serial)]
    [InlineData(TransportKind.WebSocket)]
    public void Hello_TrustedOverANetworkTransport_IsRefusedEvenWhenTheMethodsAllowIt(TransportKind kind)
    {
        TestClient client = _router.Connect(WampSerializer.Json, AuthenticationRouter.AllMethods | AuthMethods.Trusted,
            new TransportInfo { Kind = kind, RemoteAddress = kind == TransportKind.Tcp ? IPAddress.Loopback : null });

        AuthenticationRouter.Hello(client, ["trusted"], "sensors");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void Hello_TrustedOnLocalConnectionWithoutTheTrustedMethod_IsRefused()
    {
        TestClient client = _router.Connect(WampSerializer.Json, AuthenticationRouter.AllMethods);

        AuthenticationRouter.Hello(client, ["trusted"], "sensors");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void ReplaceRoles_TrustedSessionWithBuiltInRole_StaysAndKeepsEveryRight()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor, AuthMethods.Trusted);
        AuthenticationRouter.Hello(client, ["trusted"], "gpio");
        ExpectWelcome(client, "gpio", "trusted");
        Realm realm = _router.Router.Router.FindRealm("realm1"u8)!;

        // A configured role of the same name does not replace the built-in one.
        int closed = realm.ReplaceRoles([new Role("trusted", [])], null);

        Assert.Equal(0, closed);
        client.Publish(1, "gpio.led.state", WampValue.Map(("acknowledge", true)));
        Assert.Equal(WampMessageType.Published, client.Single().Type);
    }

    private static Dictionary<string, object?> ExpectWelcome(TestClient client, string authId, string authRole)
    {
        ReceivedMessage welcome = client.Single();
        Assert.True(welcome.Type == WampMessageType.Welcome, $"expected WELCOME, got {welcome}");
        Dictionary<string, object?> details = welcome.DetailsMap;
        Assert.Equal(authId, details["authid"]);
        Assert.Equal(authRole, details["authrole"]);
        Assert.Equal("trusted", details["authmethod"]);
        Assert.Equal("internal", details["authprovider"]);
        return details;
    }
}
