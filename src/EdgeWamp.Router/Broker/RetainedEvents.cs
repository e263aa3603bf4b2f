using EdgeWamp.Protocol.Codec;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Broker;

/// <summary>
/// The retained events of one topic (spec: "Event Retention"): a subscriber gets "the most recent Retained Event that
/// they would have received", so besides the newest unrestricted event the topic keeps the restricted
/// (black/whitelisted) ones published after it, up to a bound. Slots are reused, so retaining allocates nothing
/// once warm.
/// </summary>
internal sealed class RetainedEvents
{
    /// <summary>Restricted retained events kept after the newest unrestricted one.</summary>
    private const int MaxRestricted = 8;

    private readonly List<StoredEvent> _events = [];
    private readonly Stack<StoredEvent> _spare = new();

    /// <summary>The slot for a new retained event; an unrestricted one makes every older event obsolete.</summary>
    public StoredEvent Add(bool unrestricted)
    {
        if (unrestricted || _events.Count > MaxRestricted)
        {
            int drop = unrestricted ? _events.Count : 1;
            for (int i = 0; i < drop; i++)
            {
                _spare.Push(_events[0]);
                _events.RemoveAt(0);
            }
        }

        StoredEvent slot = _spare.Count > 0 ? _spare.Pop() : new StoredEvent();
        _events.Add(slot);
        return slot;
    }

    /// <summary>The newest retained event <paramref name="subscriber"/> may receive, or null.</summary>
    public StoredEvent? NewestFor(WampSession subscriber)
    {
        for (int i = _events.Count - 1; i >= 0; i--)
        {
            DetailsReader options = _events[i].Options;
            if (new EligibilityRules(options).Admits(subscriber))
            {
                return _events[i];
            }
        }

        return null;
    }
}
