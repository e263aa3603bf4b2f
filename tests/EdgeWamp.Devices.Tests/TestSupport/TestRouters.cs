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
}
