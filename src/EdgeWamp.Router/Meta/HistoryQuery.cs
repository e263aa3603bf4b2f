using System.Globalization;
using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Router.Broker;

namespace EdgeWamp.Router.Meta;

/// <summary>The filters of wamp.subscription.get_events (spec: "Event History"), read from its keyword arguments.</summary>
internal readonly record struct HistoryQuery(
    bool Reverse,
    int Limit,
    DateTimeOffset? FromTime,
    DateTimeOffset? AfterTime,
    DateTimeOffset? BeforeTime,
    DateTimeOffset? UntilTime,
    ulong FromPublication,
    ulong AfterPublication,
    ulong BeforePublication,
    ulong UntilPublication)
{
    /// <summary>False when a filter is present but not of its type (a timestamp that is not RFC 3339, an id that is not an integer).</summary>
    public static bool TryRead(DetailsReader keywords, out HistoryQuery query)
    {
        query = default;
        bool ok = TryTime(keywords, "from_time"u8, out DateTimeOffset? from)
            & TryTime(keywords, "after_time"u8, out DateTimeOffset? after)
            & TryTime(keywords, "before_time"u8, out DateTimeOffset? before)
            & TryTime(keywords, "until_time"u8, out DateTimeOffset? until)
            & TryId(keywords, "from_publication"u8, out ulong fromPublication)
            & TryId(keywords, "after_publication"u8, out ulong afterPublication)
            & TryId(keywords, "before_publication"u8, out ulong beforePublication)
            & TryId(keywords, "until_publication"u8, out ulong untilPublication);
        int limit = keywords.TryGetUInt64("limit"u8, out ulong requested) && requested > 0 ? (int)Math.Min(requested, int.MaxValue) : int.MaxValue;
        bool reverse = keywords.TryGetBoolean("reverse"u8, out bool isReverse) && isReverse;
        query = new HistoryQuery(reverse, limit, from, after, before, until, fromPublication, afterPublication, beforePublication, untilPublication);
        return ok;
    }

    /// <summary>Compares at the millisecond precision that get_events reports timestamps in, so a reported timestamp selects its own event.</summary>
    public bool IncludesTime(DateTimeOffset stored) => IncludesTruncated(new DateTimeOffset(stored.Ticks - (stored.Ticks % TimeSpan.TicksPerMillisecond), stored.Offset));

    private bool IncludesTruncated(DateTimeOffset timestamp) =>
        (FromTime is not { } from || timestamp >= from)
        && (AfterTime is not { } after || timestamp > after)
        && (BeforeTime is not { } before || timestamp < before)
        && (UntilTime is not { } until || timestamp <= until);

    /// <summary>
    /// Publication ids are not ordered (global scope), so each publication filter is turned into a position in the
    /// history, which is in order of occurrence; a filter naming a publication not in the history matches nothing.
    /// </summary>
    public IndexRange PublicationRange(EventHistory? history)
    {
        int count = history?.Count ?? 0;
        int first = 0;
        int last = count - 1;
        if (FromPublication != 0)
        {
            first = Math.Max(first, IndexOf(history, FromPublication, notFound: count));
        }

        if (AfterPublication != 0)
        {
            first = Math.Max(first, IndexOf(history, AfterPublication, notFound: count - 1) + 1);
        }

        if (BeforePublication != 0)
        {
            last = Math.Min(last, IndexOf(history, BeforePublication, notFound: 0) - 1);
        }

        if (UntilPublication != 0)
        {
            last = Math.Min(last, IndexOf(history, UntilPublication, notFound: -1));
        }

        return new IndexRange(first, last);
    }

    private static int IndexOf(EventHistory? history, ulong publication, int notFound)
    {
        for (int i = 0; history is not null && i < history.Count; i++)
        {
            if (history[i].PublicationId == publication)
            {
                return i;
            }
        }

        return notFound;
    }

    private static bool TryTime(DetailsReader keywords, ReadOnlySpan<byte> key, out DateTimeOffset? time)
    {
        time = null;
        Span<byte> scratch = stackalloc byte[64];
        if (!keywords.TryGetKind(key, out _))
        {
            return true;
        }

        if (!keywords.TryGetString(key, scratch, out ReadOnlySpan<byte> text)
            || !DateTimeOffset.TryParse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            return false;
        }

        time = parsed;
        return true;
    }

    private static bool TryId(DetailsReader keywords, ReadOnlySpan<byte> key, out ulong id)
    {
        id = 0;
        return !keywords.TryGetKind(key, out _) || (keywords.TryGetUInt64(key, out id) && id > 0);
    }

    /// <summary>Positions [First, Last] of the history that the publication filters keep.</summary>
    internal readonly record struct IndexRange(int First, int Last)
    {
        public bool Includes(int index) => index >= First && index <= Last;
    }
}
