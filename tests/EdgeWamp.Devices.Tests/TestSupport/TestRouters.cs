using EdgeWamp.Router;
using EdgeWamp.Router.Authorization;

namespace EdgeWamp.Devices.Tests.TestSupport;

internal static class TestRouters
{
    /// <summary>A router with realm1, where anonymous sessions may do anything.</summary>
    public static WampRouter AllowAll() => new(
    [
        new RealmOptions
        {
            Name = "realm1",
            Roles = [new Role("anonymous", [new PermissionRule(string.Empty, UriMatch.Prefix, WampAction.Call | WampAction.Register | WampAction.Publish | WampAction.Subscribe)])],
            AnonymousRole = "anonymous",
        },
    ]);

    /// <summary>
    /// A router with realm1 and no anonymous role: only the router's own trusted sessions get in. Role "device" may
    /// publish under "sensors." and nothing else.
    /// </summary>
    public static WampRouter WithoutAnonymous() => new(
    [
        new RealmOptions
        {
            Name = "realm1",
            Roles = [new Role("device", [new PermissionRule("sensors.", UriMatch.Prefix, WampAction.Publish)])],
        },
    ]);
}
