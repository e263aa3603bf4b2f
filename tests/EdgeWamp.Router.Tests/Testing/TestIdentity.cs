using EdgeWamp.Router.Authorization;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>
/// Gives an established session another authid or authrole, as authentication would have.
/// </summary>
/// <remarks>
/// The router authenticates only anonymously so far: every session of a realm gets the realm's anonymous role and a
/// random authid. Features that tell sessions apart by authid or authrole (black- and whitelisting, kill_by_authid,
/// kill_by_authrole, the authrole filter of wamp.session.count, force_reregister) need sessions that share an authid or
/// differ in role, so tests set them here, on the session's internal state, right after the session joined.
/// The role must be one of the realm's roles.
/// </remarks>
internal static class TestIdentity
{
    /// <summary>A realm where the anonymous role and <paramref name="otherRoles"/> may all do anything anywhere.</summary>
    public static RealmOptions RealmWithRoles(string name, params string[] otherRoles) => new()
    {
        Name = name,
        Roles = [.. ((string[])["anonymous", .. otherRoles]).Select(role => new Role(role, [new PermissionRule(string.Empty, UriMatch.Prefix, TestRouter.AllActions)]))],
        AnonymousRole = "anonymous",
    };

    public static void SetAuthId(TestClient client, string authId)
    {
        Assert.NotNull(client.Session.Realm);
        client.Session.AuthId = authId;
    }

    public static void SetAuthRole(TestClient client, string authRole)
    {
        Realm realm = client.Session.Realm ?? throw new InvalidOperationException("the session has not joined a realm");
        client.Session.Role = realm.FindRole(authRole) ?? throw new InvalidOperationException($"realm {realm.Name} has no role {authRole}");
    }

    public static string AuthId(TestClient client) => client.Session.AuthId ?? throw new InvalidOperationException("the session has no authid");
}
