using EdgeWamp.Router.Authorization;

namespace EdgeWamp.Router;

/// <summary>A realm as the router needs it: its name, its roles, and which role anonymous sessions get.</summary>
public sealed class RealmOptions
{
    public required string Name { get; init; }

    public IReadOnlyList<Role> Roles { get; init; } = [];

    /// <summary>The role granted to anonymous sessions, or null when anonymous access to this realm is not configured.</summary>
    /// <remarks>Defaults to null: no anonymous access.</remarks>
    public string? AnonymousRole { get; init; }
}
