using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Broker;

/// <summary>
/// The broker role of a realm (WAMP spec, "Publish and Subscribe", and the Advanced Profile's pattern-based
/// subscriptions, publisher identification and exclusion, subscriber black- and whitelisting): subscriptions by
/// URI and match policy, and the fan-out of publications. Runs under the realm's lock.
/// </summary>
internal sealed class WampBroker
{
    private readonly RealmOutput _output;
    private readonly RealmOptions _options;
    private readonly TimeProvider _time;
    private readonly UriIndex<Subscription> _index = new();

    // Retained events per topic, newest last (spec: "Event Retention"), bounded by RealmOptions.MaxRetainedTopics.
    // Kept: the newest event every subscriber may receive, and the restricted (black/whitelisted) ones after it.
    private readonly Dictionary<WampUri, RetainedEvents> _retained = new(WampUriComparer.Instance);
    private readonly Dictionary<WampUri, RetainedEvents>.AlternateLookup<ReadOnlySpan<byte>> _retainedByTopic;
    private readonly Dictionary<ulong, Subscription> _byId = [];

    // Reused for every publication: matching subscriptions are collected here, under the realm's lock.
    private readonly List<Subscription> _matches = [];
    private readonly List<Subscription> _routerMatches = [];
    private ulong _lastSubscriptionId;

    public WampBroker(RealmOutput output, RealmOptions options, TimeProvider time)
    {
        _output = output;
        _options = options;
        _time = time;
        _retainedByTopic = _retained.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Aborts a session that broke the protocol; set by the realm.</summary>
    public Action<WampSession, string>? ProtocolViolation { get; set; }

    /// <summary>Told when a subscriber's outbox is full, after its EVENT was dropped and counted; set by the realm (slow-consumer policy).</summary>
    public Action<WampSession>? SlowSubscriber { get; set; }

    /// <summary>Receives subscription lifecycle events for the meta API; set by the realm.</summary>
    public Meta.IRoutingEvents? Events { get; set; }

    public IEnumerable<Subscription> Subscriptions => _byId.Values;

    public Subscription? Find(ulong id) => _byId.GetValueOrDefault(id);

    public Subscription? Lookup(UriMatchPolicy match, ReadOnlySpan<byte> topic) => _index.Get(match, topic);

    /// <summary>Every subscription a publication to <paramref name="topic"/> would reach.</summary>
    public void CollectMatches(ReadOnlySpan<byte> topic, List<Subscription> matches) => _index.CollectMatches(topic, matches);

    /// <summary>Publishes an event the router composes itself (meta events, testaments): no publisher, no exclusions.</summary>
    public void PublishFromRouter(ReadOnlySpan<byte> topic, EncodedPayload payload)
    {
        _routerMatches.Clear();
        _index.CollectMatches(topic, _routerMatches);
        if (_routerMatches.Count == 0)
        {
            return;
        }

        var publication = new Publication(null, IdGenerator.NextGlobal(), default, topic, payload) { Timestamp = _time.GetUtcNow() };
        foreach (Subscription subscription in _routerMatches)
        {
            Deliver(publication, subscription);
        }

        _routerMatches.Clear();
    }

    /// <summary>[SUBSCRIBE, Request|id, Options|dict, Topic|uri] → SUBSCRIBED or ERROR.</summary>
    public void Subscribe(WampSession session, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        ReadOnlySpan<byte> topic = message.Text;
        if (!MatchPolicyReader.TryRead(message.DetailsReader, out UriMatchPolicy match))
        {
            SendError(session, WampMessageType.Subscribe, requestId, WampErrors.InvalidArgument, "Options.match must be exact, prefix or wildcard"u8);
            return;
        }

        if (!WampUriValidator.IsValidPattern(topic, match))
        {
            SendError(session, WampMessageType.Subscribe, requestId, WampErrors.InvalidUri, default);
            return;
        }

        if (!session.IsAllowed(WampAction.Subscribe, topic, out _))
        {
            SendError(session, WampMessageType.Subscribe, requestId, WampErrors.NotAuthorized, default);
            return;
        }

        Subscription? subscription = _index.Get(match, topic);
        bool created = subscription is null;
        if (subscription is null)
        {
            subscription = new Subscription(++_lastSubscriptionId, new WampUri(topic), match)
            {
                History = _options.EventHistoryLength > 0 ? new EventHistory(_options.EventHistoryLength) : null,
            };
            _index.Add(match, subscription.Topic, subscription);
            _byId.Add(subscription.Id, subscription);
        }

        // Subscribing twice to the same topic returns the existing subscription (spec: "SUBSCRIBED").
        bool added = !subscription.Subscribers.Contains(session);
        if (added)
        {
            subscription.Subscribers.Add(session);
            session.Subscriptions.Add(subscription);
        }

        _output.Send(session, new RequestIdPairMessage { Type = WampMessageType.Subscribed, RequestId = requestId, Id = subscription.Id });
        if (created)
        {
            Events?.SubscriptionCreated(session, subscription);
        }

        if (added)
        {
            Events?.Subscribed(session, subscription);
        }

        if (message.DetailsReader.TryGetBoolean("get_retained"u8, out bool getRetained) && getRetained)
        {
            SendRetained(session, subscription);
        }
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
        _output.Send(session, new RequestIdMessage { Type = WampMessageType.Unsubscribed, RequestId = requestId });
        Events?.Unsubscribed(session, subscription);
        RemoveIfEmpty(session, subscription);
    }

    /// <summary>
    /// [PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict] → one EVENT per matching
    /// subscription to each eligible subscriber (but the publisher, unless exclude_me is false), and PUBLISHED
    /// when acknowledge is true.
    /// </summary>
    public void Publish(WampSession publisher, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        ReadOnlySpan<byte> topic = message.Text;
        DetailsReader options = message.DetailsReader;
        bool acknowledge = options.TryGetBoolean("acknowledge"u8, out bool ack) && ack;

        // Errors are only reported to a publisher that asked for acknowledgement (spec: "PUBLISHED").
        // Topics under "wamp." are the router's own meta events: no session may publish them.
        if (!WampUriValidator.IsValid(topic) || WampUriValidator.IsReserved(topic))
        {
            if (acknowledge)
            {
                SendError(publisher, WampMessageType.Publish, requestId, WampErrors.InvalidUri, default);
            }

            return;
        }

        if (!publisher.IsAllowed(WampAction.Publish, topic, out bool forceDisclosure))
        {
            if (acknowledge)
            {
                SendError(publisher, WampMessageType.Publish, requestId, WampErrors.NotAuthorized, default);
            }

            return;
        }

        bool passthru = options.TryGetKind("ppt_scheme"u8, out _);
        if (passthru && (publisher.Features & PeerFeatures.PublisherPassthru) == 0)
        {
            // Spec: "Payload Passthru Mode": using it without announcing it is a protocol violation.
            ProtocolViolation?.Invoke(publisher, "PUBLISH with ppt_scheme from a publisher that did not announce payload_passthru_mode");
            return;
        }

        ulong publicationId = IdGenerator.NextGlobal();
        Span<byte> passthruScratch = passthru ? stackalloc byte[1024] : default;
        var publication = new Publication(publisher, publicationId, options, topic, message.EncodedPayload, forceDisclosure)
        {
            Passthru = passthruScratch.IsEmpty ? default : PassthruDetails.Read(options, passthruScratch),
            Timestamp = _time.GetUtcNow(),
        };
        _matches.Clear();
        _index.CollectMatches(topic, _matches);
        foreach (Subscription subscription in _matches)
        {
            Deliver(publication, subscription);
        }

        _matches.Clear();
        if (options.TryGetBoolean("retain"u8, out bool retain) && retain)
        {
            Retain(publication);
        }

        if (acknowledge)
        {
            _output.Send(publisher, new RequestIdPairMessage { Type = WampMessageType.Published, RequestId = requestId, Id = publicationId });
        }
    }

    /// <summary>The router ends one subscriber's subscription itself: [UNSUBSCRIBED, 0, {subscription, reason}] (spec: "Subscription Revocation").</summary>
    public void Revoke(WampSession subscriber, Subscription subscription, ReadOnlySpan<byte> reason)
    {
        if (!subscription.Subscribers.Remove(subscriber))
        {
            return;
        }

        subscriber.Subscriptions.Remove(subscription);

        // Spec: a subscriber that did not announce subscription_revocation MUST NOT get the UNSUBSCRIBED.
        if ((subscriber.Features & PeerFeatures.SubscriberSubscriptionRevocation) != 0)
        {
            _output.Send(subscriber, new RevocationMessage { Type = WampMessageType.Unsubscribed, Id = subscription.Id, IdKey = "subscription"u8, Reason = reason });
        }

        Events?.Unsubscribed(subscriber, subscription);
        RemoveIfEmpty(subscriber, subscription);
    }

    /// <summary>Drops every subscription of a session that leaves.</summary>
    public void RemoveSession(WampSession session)
    {
        foreach (Subscription subscription in session.Subscriptions)
        {
            subscription.Subscribers.Remove(session);
            Events?.Unsubscribed(session, subscription);
            RemoveIfEmpty(session, subscription);
        }

        session.Subscriptions.Clear();
    }

    /// <summary>Encodes the EVENT for one subscription once per serializer and writes it to each eligible subscriber.</summary>
    private void Deliver(scoped in Publication publication, Subscription subscription)
    {
        WampSession? publisher = publication.Publisher;
        bool disclose = publication.DisclosePublisher && publisher is not null;
        var @event = new EventMessage
        {
            SubscriptionId = subscription.Id,
            PublicationId = publication.Id,
            Publisher = disclose ? publisher!.Id : 0,
            PublisherAuthId = disclose ? publisher!.Utf8AuthId : default,
            PublisherAuthRole = disclose ? publisher!.Role!.Utf8Name : default,

            // Pattern-based subscriptions learn the concrete topic (spec: "Pattern-based Subscriptions").
            Topic = subscription.Match == UriMatchPolicy.Exact ? default : publication.Topic,
            TrustLevel = publisher?.Role?.TrustLevel,
            Passthru = publication.Passthru,
            Payload = publication.Payload,
        };

        // History leaves out publications filtered by session id: ids do not survive reconnects (spec: "Event History").
        if (subscription.History is { } history && !publication.Eligibility.FiltersBySessionId)
        {
            history.NextSlot().Set(publication.Id, publication.Timestamp, publication.Topic, publication.Payload, publication.Options, publisher?.Role?.TrustLevel);
        }

        _output.BeginFanOut();
        foreach (WampSession subscriber in subscription.Subscribers)
        {
            if ((publication.ExcludeMe && ReferenceEquals(subscriber, publisher)) || subscriber.IsLeaving || !publication.Eligibility.Admits(subscriber))
            {
                continue;
            }

            // Never block on a slow subscriber: drop the event for it and count (DESIGN.md, "The message path").
            ReadOnlySpan<byte> encoded = _output.GetFanOut(subscriber.Serializer, @event);
            WriteResult written = subscriber.Connection.TryWrite(encoded);
            if (written != WriteResult.Written)
            {
                subscriber.DroppedEvents++;
                if (written == WriteResult.Full)
                {
                    SlowSubscriber?.Invoke(subscriber);
                }
            }
        }
    }

    /// <summary>Keeps the publication as its topic's retained event, reusing the topic's slots.</summary>
    private void Retain(scoped in Publication publication)
    {
        if (!_retainedByTopic.TryGetValue(publication.Topic, out RetainedEvents? retained))
        {
            if (_retained.Count >= _options.MaxRetainedTopics)
            {
                return;
            }

            retained = new RetainedEvents();
            _retained.Add(new WampUri(publication.Topic), retained);
        }

        retained.Add(publication.Eligibility.IsEmpty).Set(publication.Id, publication.Timestamp, publication.Topic, publication.Payload, publication.Options, publication.Publisher?.Role?.TrustLevel);
    }

    /// <summary>
    /// SUBSCRIBE.Options.get_retained: for each topic the subscription covers, the most recent retained event the
    /// subscriber would have received (spec: "Event Retention"), with Details.retained.
    /// </summary>
    private void SendRetained(WampSession session, Subscription subscription)
    {
        if (subscription.Match == UriMatchPolicy.Exact)
        {
            if (_retainedByTopic.TryGetValue(subscription.Topic.Utf8, out RetainedEvents? retained) && retained.NewestFor(session) is { } stored)
            {
                SendStored(session, subscription, stored);
            }

            return;
        }

        foreach (KeyValuePair<WampUri, RetainedEvents> retained in _retained)
        {
            if (WampUriPattern.Matches(subscription.Match, subscription.Topic.Utf8, retained.Key.Utf8) && retained.Value.NewestFor(session) is { } stored)
            {
                SendStored(session, subscription, stored);
            }
        }
    }

    /// <summary>A stored event as the EVENT it was (trust level, passthru details), marked retained.</summary>
    private void SendStored(WampSession session, Subscription subscription, StoredEvent stored)
    {
        DetailsReader options = stored.Options;
        Span<byte> passthruScratch = options.TryGetKind("ppt_scheme"u8, out _) ? stackalloc byte[1024] : default;
        var @event = new EventMessage
        {
            SubscriptionId = subscription.Id,
            PublicationId = stored.PublicationId,
            Topic = subscription.Match == UriMatchPolicy.Exact ? default : stored.Topic,
            Retained = true,
            TrustLevel = stored.TrustLevel,
            Passthru = passthruScratch.IsEmpty ? default : PassthruDetails.Read(options, passthruScratch),
            Payload = stored.Payload,
        };
        _output.Send(session, @event);
    }

    private void RemoveIfEmpty(WampSession lastSubscriber, Subscription subscription)
    {
        if (subscription.Subscribers.Count == 0)
        {
            _index.Remove(subscription.Match, subscription.Topic);
            _byId.Remove(subscription.Id);
            Events?.SubscriptionDeleted(lastSubscriber, subscription);
        }
    }

    private void SendError(WampSession session, WampMessageType requestType, ulong requestId, ReadOnlySpan<byte> error, ReadOnlySpan<byte> text) =>
        _output.SendError(session, requestType, requestId, error, text);

    /// <summary>What every EVENT of one publication shares, read once from the PUBLISH.</summary>
    private readonly ref struct Publication
    {
        public Publication(WampSession? publisher, ulong id, DetailsReader options, ReadOnlySpan<byte> topic, EncodedPayload payload, bool forceDisclosure = false)
        {
            Publisher = publisher;
            Id = id;
            Topic = topic;
            Payload = payload;
            ExcludeMe = !options.TryGetBoolean("exclude_me"u8, out bool excludeMe) || excludeMe;
            // A permission rule may force disclosure (config: disclose.publisher), whatever the publisher asked.
            DisclosePublisher = forceDisclosure || (options.TryGetBoolean("disclose_me"u8, out bool disclose) && disclose);
            Eligibility = new EligibilityRules(options);
            Options = options.Encoded;
        }

        /// <summary>Null for events the router publishes itself.</summary>
        public WampSession? Publisher { get; }

        public ulong Id { get; }

        public ReadOnlySpan<byte> Topic { get; }

        public EncodedPayload Payload { get; }

        /// <summary>PUBLISH.Options.exclude_me, true by default (spec: "Publisher Exclusion").</summary>
        public bool ExcludeMe { get; }

        /// <summary>PUBLISH.Options.disclose_me (spec: "Publisher Identification").</summary>
        public bool DisclosePublisher { get; }

        public EligibilityRules Eligibility { get; }

        /// <summary>The encoded PUBLISH.Options, stored with retained and historical events.</summary>
        public ReadOnlySpan<byte> Options { get; }

        /// <summary>Payload passthru mode details, forwarded into every EVENT.</summary>
        public PassthruDetails Passthru { get; init; }

        public DateTimeOffset Timestamp { get; init; }
    }
}
