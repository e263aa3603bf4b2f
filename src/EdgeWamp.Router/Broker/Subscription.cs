using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Broker;

/// <summary>A topic with at least one subscriber. All sessions subscribed to the same topic share it and its id.</summary>
internal sealed class Subscription
{
    public Subscription(ulong id, WampUri topic)
    {
        Id = id;
        Topic = topic;
    }

    public ulong Id { get; }

    public WampUri Topic { get; }

    public List<WampSession> Subscribers { get; } = [];
}
