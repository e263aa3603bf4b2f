using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests;

/// <summary>Configuration reload: <see cref="Realm.ReplaceRoles"/> takes effect for established sessions.</summary>
public sealed class RealmRoleReloadTests : IDisposable
{
    private readonly TestRouter _router = new();

    private Realm Realm => _router.Router.FindRealm("realm1"u8)!;

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void ReplaceRoles_PermissionTakenAway_AppliesToTheNextMessageOfAnEstablishedSession(WampSerializer serializer)
    {
        TestClient client = _router.Join(serializer);
        client.Publish(1, "gpio.relay1.set", WampValue.Map(("acknowledge", true)));
        Assert.Equal(WampMessageType.Published, client.Single().Type);

        int closed = Realm.ReplaceRoles([new Role("anonymous", [new PermissionRule("sensors.", UriMatch.Prefix, WampAction.Subscribe)])], "anonymous");

        client.Publish(2, "gpio.relay1.set", WampValue.Map(("acknowledge", true)));
        WampAssert.RequestRefused(client.Single(), WampMessageType.Publish, 2, "wamp.error.not_authorized");
        Assert.Equal(0, closed);
    }

    [Fact]
    public void ReplaceRoles_RoleRemoved_ClosesItsSessionsWithGoodbye()
    {
        TestClient client = _router.Join(WampSerializer.Cbor);

        int closed = Realm.ReplaceRoles([new Role("operator", [])], "operator");

        Assert.Equal(1, closed);
        WampAssert.Goodbye(client.Single(), "edgewamp.close.role_removed");
        Assert.True(client.Connection.IsClosed);
        Assert.Equal("operator", Realm.AnonymousRole);
    }

    public void Dispose() => _router.Dispose();
}
