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

    /// <summary>Events kept per subscription for wamp.subscription.get_events (event history); 0 turns history off.</summary>
    /// <remarks>Defaults to 0. Memory grows with subscriptions × this × payload size: keep it small on a board.</remarks>
    public int EventHistoryLength { get; init; }

    /// <summary>Topics whose last retained event the broker keeps (event retention); further topics are not retained.</summary>
    /// <remarks>Defaults to 1,024.</remarks>
    public int MaxRetainedTopics { get; init; } = 1024;

    /// <summary>The most sessions joined to this realm at once; a HELLO beyond it is answered with ABORT.</summary>
    /// <remarks>Defaults to 1,024 (config: <c>limits.maxSessionsPerRealm</c>).</remarks>
    public int MaxSessions { get; init; } = 1024;

    /// <summary>The most calls one session may have in flight as a caller; a CALL beyond it gets an ERROR at once.</summary>
    /// <remarks>Defaults to 1,000 (config: <c>limits.maxPendingCalls</c>). Bounds the dealer's table per session.</remarks>
    public int MaxPendingCallsPerSession { get; init; } = 1000;

    /// <summary>What happens to a subscriber whose outbox is full when an EVENT is due.</summary>
    /// <remarks>Defaults to <see cref="SlowConsumerPolicy.Drop"/> (config: <c>limits.slowConsumer</c>).</remarks>
    public SlowConsumerPolicy SlowConsumer { get; init; } = SlowConsumerPolicy.Drop;
}
