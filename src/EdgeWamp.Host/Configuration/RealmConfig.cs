namespace EdgeWamp.Host.Configuration;

/// <summary>A WAMP realm: a routing and administrative domain with its own roles.</summary>
internal sealed class RealmConfig
{
    /// <summary>The realm's URI, as clients name it in HELLO.</summary>
    /// <remarks>Required. A WAMP URI that does not start with the reserved <c>wamp.</c> prefix.</remarks>
    public required string Name { get; set; }

    /// <summary>The roles an authenticated session can be given in this realm.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<RoleConfig> Roles { get; set; } = [];

    /// <summary>Events kept per subscription for <c>wamp.subscription.get_events</c> (event history).</summary>
    /// <remarks>Defaults to 0: no history. Memory grows with subscriptions × this × payload size.</remarks>
    public int EventHistory { get; set; }

    /// <summary>Topics whose last retained event (PUBLISH with retain) the broker keeps.</summary>
    /// <remarks>Defaults to 1024; further topics are not retained.</remarks>
    public int MaxRetainedTopics { get; set; } = 1024;
}
