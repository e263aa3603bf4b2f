using EdgeWamp.Protocol.Codec;
using EdgeWamp.Router.Broker;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Meta;

// Subscription Meta API procedures (WAMP spec, "Subscription Meta API").
internal sealed partial class RealmMetaApi
{
    private bool TryCallSubscriptionApi(WampSession caller, ulong requestId, ReadOnlySpan<byte> procedure, ArgumentsReader arguments)
    {
        if (!procedure.StartsWith("wamp.subscription."u8))
        {
            return false;
        }

        ReadOnlySpan<byte> name = procedure["wamp.subscription.".Length..];
        Span<byte> scratch = stackalloc byte[512];
        if (name.SequenceEqual("list"u8))
        {
            _ids.Clear();
            _prefixIds.Clear();
            _wildcardIds.Clear();
            foreach (Subscription subscription in _broker.Subscriptions)
            {
                IdsFor(subscription.Match).Add(subscription.Id);
            }

            Reply(caller, requestId, new ListByPolicyPayload(_ids, _prefixIds, _wildcardIds));
        }
        else if (name.SequenceEqual("lookup"u8))
        {
            UriMatchPolicy match = MatchOption(arguments);
            Subscription? found = arguments.TryGetString(0, scratch, out ReadOnlySpan<byte> topic) ? _broker.Lookup(match, topic) : null;
            Reply(caller, requestId, new OptionalIdPayload(found?.Id ?? 0));
        }
        else if (name.SequenceEqual("match"u8))
        {
            _ids.Clear();
            if (arguments.TryGetString(0, scratch, out ReadOnlySpan<byte> topic))
            {
                _subscriberProbe.Clear();
                _broker.CollectMatches(topic, _subscriberProbe);
                foreach (Subscription subscription in _subscriberProbe)
                {
                    _ids.Add(subscription.Id);
                }

                _subscriberProbe.Clear();
            }

            Reply(caller, requestId, new IdListPayload(_ids));
        }
        else if (name.SequenceEqual("get"u8))
        {
            if (FindSubscription(arguments) is { } subscription)
            {
                Reply(caller, requestId, Describe(0, subscription));
            }
            else
            {
                Fail(caller, requestId, WampErrors.NoSuchSubscription, default);
            }
        }
        else if (name.SequenceEqual("list_subscribers"u8) || name.SequenceEqual("count_subscribers"u8))
        {
            if (FindSubscription(arguments) is not { } subscription)
            {
                Fail(caller, requestId, WampErrors.NoSuchSubscription, default);
            }
            else if (name.SequenceEqual("count_subscribers"u8))
            {
                Reply(caller, requestId, new CountPayload(subscription.Subscribers.Count));
            }
            else
            {
                _ids.Clear();
                foreach (WampSession subscriber in subscription.Subscribers)
                {
                    _ids.Add(subscriber.Id);
                }

                Reply(caller, requestId, new IdListPayload(_ids));
            }
        }
        else if (name.SequenceEqual("get_events"u8))
        {
            GetEvents(caller, requestId, arguments);
        }
        else if (name.SequenceEqual("remove_subscriber"u8))
        {
            RemoveSubscriber(caller, requestId, arguments);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// wamp.subscription.get_events(subscription|id) with kwargs reverse, limit, topic, the time filters from_time,
    /// after_time, before_time, until_time (RFC 3339) and the publication filters from_publication, after_publication,
    /// before_publication, until_publication, all combined with AND (spec: "Event History").
    /// </summary>
    private void GetEvents(WampSession caller, ulong requestId, ArgumentsReader arguments)
    {
        if (FindSubscription(arguments) is not { } subscription || !subscription.Subscribers.Contains(caller) && !caller.Role!.IsAllowed(Authorization.WampAction.Subscribe, subscription.Topic.Utf8))
        {
            Fail(caller, requestId, WampErrors.NoSuchSubscription, default);
            return;
        }

        DetailsReader keywords = arguments.Keywords;
        if (!HistoryQuery.TryRead(keywords, out HistoryQuery query))
        {
            Fail(caller, requestId, WampErrors.InvalidArgument, "time filters must be RFC 3339 timestamps and publication filters ids"u8);
            return;
        }

        Span<byte> scratch = stackalloc byte[512];
        bool byTopic = keywords.TryGetString("topic"u8, scratch, out ReadOnlySpan<byte> topic);
        var events = new List<StoredEvent>();
        EventHistory? history = subscription.History;
        int count = history?.Count ?? 0;
        var range = query.PublicationRange(history);
        for (int i = 0; i < count && events.Count < query.Limit; i++)
        {
            int index = query.Reverse ? count - 1 - i : i;
            StoredEvent stored = history![index];

            // The publication's authid/authrole black/whitelists apply to history requests too (spec: "Event History").
            if (range.Includes(index) && query.IncludesTime(stored.Timestamp)
                && (!byTopic || stored.Topic.SequenceEqual(topic)) && new EligibilityRules(stored.Options).Admits(caller))
            {
                events.Add(stored);
            }
        }

        Reply(caller, requestId, new EventHistoryPayload(subscription, events));
    }

    /// <summary>wamp.subscription.remove_subscriber(subscription|id, session|id) with kwargs reason: revokes (spec: "Subscription Revocation").</summary>
    private void RemoveSubscriber(WampSession caller, ulong requestId, ArgumentsReader arguments)
    {
        if (FindSubscription(arguments) is not { } subscription)
        {
            Fail(caller, requestId, WampErrors.NoSuchSubscription, default);
            return;
        }

        if (!arguments.TryGetUInt64(1, out ulong sessionId) || !_sessions.TryGetValue(sessionId, out WampSession? subscriber) || !subscription.Subscribers.Contains(subscriber))
        {
            Fail(caller, requestId, "wamp.error.no_such_session"u8, default);
            return;
        }

        Span<byte> scratch = stackalloc byte[256];
        ReadOnlySpan<byte> reason = arguments.Keywords.TryGetString("reason"u8, scratch, out ReadOnlySpan<byte> given) ? given : "wamp.error.subscription_revoked"u8;
        _broker.Revoke(subscriber, subscription, reason);
        Reply(caller, requestId, new EmptyPayload());
    }

    private Subscription? FindSubscription(ArgumentsReader arguments) =>
        arguments.TryGetUInt64(0, out ulong id) ? _broker.Find(id) : null;

    private List<ulong> IdsFor(UriMatchPolicy match) => match switch
    {
        UriMatchPolicy.Prefix => _prefixIds,
        UriMatchPolicy.Wildcard => _wildcardIds,
        _ => _ids,
    };

    /// <summary>args[1] (or kwargs) options.match of lookup; exact by default.</summary>
    private static UriMatchPolicy MatchOption(ArgumentsReader arguments)
    {
        if (arguments.TryGetEncoded(1, out _) && arguments.TryGetOptionsMap(1, out DetailsReader options) && MatchPolicyReader.TryRead(options, out UriMatchPolicy match))
        {
            return match;
        }

        return MatchPolicyReader.TryRead(arguments.Keywords, out UriMatchPolicy fromKeywords) ? fromKeywords : UriMatchPolicy.Exact;
    }
}
