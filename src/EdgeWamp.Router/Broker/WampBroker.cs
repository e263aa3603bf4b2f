using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Broker;

/// <summary>
/// The broker role of a realm (WAMP spec, Basic Profile, "Publish and Subscribe"): subscriptions by topic and the
/// fan-out of publications. Runs under the realm's lock.
/// </summary>
internal sealed class WampBroker
{
    private readonly RealmOutput _output;
    private readonly Dictionary<WampUri, Subscription> _byTopic = new(WampUriComparer.Instance);
    private readonly Dictionary<WampUri, Subscription>.AlternateLookup<ReadOnlySpan<byte>> _byTopicSpan;
    private readonly Dictionary<ulong, Subscription> _byId = [];
    private ulong _lastSubscriptionId;

    public WampBroker(RealmOutput output)
    {
        _output = output;
        _byTopicSpan = _byTopic.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int SubscriptionCount => _byId.Count;

    /// <summary>[SUBSCRIBE, Request|id, Options|dict, Topic|uri] → SUBSCRIBED or ERROR.</summary>
    public void Subscribe(WampSession session, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        ReadOnlySpan<byte> topic = message.Text;
        if (!IsExactMatch(message))
        {
            SendError(session, WampMessageType.Subscribe, requestId, WampErrors.InvalidArgument, "only exact topic matching is supported"u8);
            return;
        }

        if (!WampUriValidator.IsValid(topic))
        {
            SendError(session, WampMessageType.Subscribe, requestId, WampErrors.InvalidUri, default);
            return;
        }

        if (!session.Role!.IsAllowed(WampAction.Subscribe, topic))
        {
            SendError(session, WampMessageType.Subscribe, requestId, WampErrors.NotAuthorized, default);
            return;
        }

        if (!_byTopicSpan.TryGetValue(topic, out Subscription? subscription))
        {
            subscription = new Subscription(++_lastSubscriptionId, new WampUri(topic));
            _byTopic.Add(subscription.Topic, subscription);
            _byId.Add(subscription.Id, subscription);
        }

        // Subscribing twice to the same topic returns the existing subscription (spec: "SUBSCRIBED").
        if (!subscription.Subscribers.Contains(session))
        {
            subscription.Subscribers.Add(session);
            session.Subscriptions.Add(subscription);
        }

        _output.Send(session, new RequestIdPairMessage { Type = WampMessageType.Subscribed, RequestId = requestId, Id = subscription.Id });
    }

    /// <summary>[UNSUBSCRIBE, Request|id, SUBSCRIBED.Subscription|id] → UNSUBSCRIBED or ERROR wamp.error.no_such_subscription.</summary>
    public void Unsubscribe(WampSession session, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        if (!_byId.TryGetValue(message.SecondId, out Subscription? subscription) || !subscription.Subscribers.Remove(session))
        {
            SendError(session, WampMessageType.Unsubscribe, requestId, WampErrors.NoSuchSubscription, default);
            return;
        }

        session.Subscriptions.Remove(subscription);
        RemoveIfEmpty(subscription);
        _output.Send(session, new RequestIdMessage { Type = WampMessageType.Unsubscribed, RequestId = requestId });
    }

    /// <summary>
    /// [PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict] → EVENT to each subscriber
    /// (but the publisher, unless exclude_me is false), and PUBLISHED when acknowledge is true.
    /// </summary>
    public void Publish(WampSession publisher, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        ReadOnlySpan<byte> topic = message.Text;
        DetailsReader options = message.DetailsReader;
        bool acknowledge = options.TryGetBoolean("acknowledge"u8, out bool ack) && ack;
        bool excludeMe = !options.TryGetBoolean("exclude_me"u8, out bool exclude) || exclude;

        // Errors are only reported to a publisher that asked for acknowledgement (spec: "PUBLISHED").
        if (!WampUriValidator.IsValid(topic))
        {
            if (acknowledge)
            {
                SendError(publisher, WampMessageType.Publish, requestId, WampErrors.InvalidUri, default);
            }

            return;
        }

        if (!publisher.Role!.IsAllowed(WampAction.Publish, topic))
        {
            if (acknowledge)
            {
                SendError(publisher, WampMessageType.Publish, requestId, WampErrors.NotAuthorized, default);
            }

            return;
        }

        ulong publicationId = IdGenerator.NextGlobal();
        if (_byTopicSpan.TryGetValue(topic, out Subscription? subscription))
        {
            Deliver(publisher, excludeMe, subscription, publicationId, message.EncodedPayload);
        }

        if (acknowledge)
        {
            _output.Send(publisher, new RequestIdPairMessage { Type = WampMessageType.Published, RequestId = requestId, Id = publicationId });
        }
    }

    /// <summary>Drops every subscription of a session that leaves.</summary>
    public void RemoveSession(WampSession session)
    {
        foreach (Subscription subscription in session.Subscriptions)
        {
            subscription.Subscribers.Remove(session);
            RemoveIfEmpty(subscription);
        }

        session.Subscriptions.Clear();
    }

    private void Deliver(WampSession publisher, bool excludeMe, Subscription subscription, ulong publicationId, EncodedPayload payload)
    {
        var @event = new EventMessage { SubscriptionId = subscription.Id, PublicationId = publicationId, Payload = payload };
        _output.BeginFanOut();
        foreach (WampSession subscriber in subscription.Subscribers)
        {
            if (excludeMe && ReferenceEquals(subscriber, publisher))
            {
                continue;
            }

            // Never block on a slow subscriber: drop the event for it and count (DESIGN.md, "The message path").
            ReadOnlySpan<byte> encoded = _output.GetFanOut(subscriber.Serializer, @event);
            if (subscriber.Connection.TryWrite(encoded) != WriteResult.Written)
            {
                subscriber.DroppedEvents++;
            }
        }
    }

    private void RemoveIfEmpty(Subscription subscription)
    {
        if (subscription.Subscribers.Count == 0)
        {
            _byTopic.Remove(subscription.Topic);
            _byId.Remove(subscription.Id);
        }
    }

    private static bool IsExactMatch(scoped in MessageHeader message)
    {
        Span<byte> scratch = stackalloc byte[16];
        return !message.DetailsReader.TryGetString("match"u8, scratch, out ReadOnlySpan<byte> match) || match.SequenceEqual("exact"u8);
    }

    private void SendError(WampSession session, WampMessageType requestType, ulong requestId, ReadOnlySpan<byte> error, ReadOnlySpan<byte> text) =>
        _output.SendError(session, requestType, requestId, error, text);
}
