using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Broker;

/// <summary>A topic (or pattern) with at least one subscriber. All sessions subscribed to the same URI with the same match policy share it and its id.</summary>
internal sealed class Subscription
{
    public Subscription(ulong id, WampUri topic, UriMatchPolicy match)
    {
        Id = id;
        Topic = topic;
        Match = match;
    }

    public ulong Id { get; }

    /// <summary>The subscribed URI: a topic, or a pattern when <see cref="Match"/> is not exact.</summary>
    public WampUri Topic { get; }

    public UriMatchPolicy Match { get; }

    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;

    /// <summary>The last events delivered through this subscription, when the realm keeps event history.</summary>
    public EventHistory? History { get; init; }

    public List<WampSession> Subscribers { get; } = [];
}
