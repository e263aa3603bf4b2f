namespace EdgeWamp.Host.Configuration;

/// <summary>Lets clients without credentials join one realm with one role.</summary>
/// <remarks>Security: every client that reaches a listener allowing <c>anonymous</c> gets this role.</remarks>
internal sealed class AnonymousAuthEntry
{
    /// <summary>The realm this entry admits to.</summary>
    /// <remarks>Required; must name a realm in <see cref="EdgeWampConfig.Realms"/>.</remarks>
    public required string Realm { get; set; }

    /// <summary>The role given to the session.</summary>
    /// <remarks>Required; must name a role of <see cref="Realm"/>.</remarks>
    public required string Role { get; set; }
}
