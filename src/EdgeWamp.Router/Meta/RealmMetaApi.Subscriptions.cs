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
        else
        {
            return false;
        }

        return true;
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
