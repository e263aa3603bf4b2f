namespace EdgeWamp.Router.Uris;

/// <summary>
/// Subscriptions or registrations by URI and match policy. Exact and prefix entries are found by hashing slices of
/// the URI (a prefix lookup probes each prefix length of the URI), wildcard entries through a <see cref="WildcardTrie{TEntry}"/>:
/// every lookup costs what the URI's length dictates, however many entries the index holds.
/// </summary>
/// <remarks>Not thread-safe: used under the realm's lock. Lookups allocate nothing.</remarks>
internal sealed class UriIndex<TEntry>
    where TEntry : class
{
    private readonly Dictionary<WampUri, TEntry> _exact = new(WampUriComparer.Instance);
    private readonly Dictionary<WampUri, TEntry>.AlternateLookup<ReadOnlySpan<byte>> _exactBySpan;
    private readonly Dictionary<WampUri, TEntry> _prefix = new(WampUriComparer.Instance);
    private readonly Dictionary<WampUri, TEntry>.AlternateLookup<ReadOnlySpan<byte>> _prefixBySpan;
    private readonly WildcardTrie<TEntry> _wildcard = new();

    public UriIndex()
    {
        _exactBySpan = _exact.GetAlternateLookup<ReadOnlySpan<byte>>();
        _prefixBySpan = _prefix.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int PrefixCount => _prefix.Count;

    public TEntry? Get(UriMatchPolicy policy, ReadOnlySpan<byte> uri) => policy switch
    {
        UriMatchPolicy.Exact => _exactBySpan.TryGetValue(uri, out TEntry? exact) ? exact : null,
        UriMatchPolicy.Prefix => _prefixBySpan.TryGetValue(uri, out TEntry? prefix) ? prefix : null,
        _ => _wildcard.Get(uri),
    };

    public void Add(UriMatchPolicy policy, WampUri uri, TEntry entry)
    {
        switch (policy)
        {
            case UriMatchPolicy.Exact: _exact.Add(uri, entry); break;
            case UriMatchPolicy.Prefix: _prefix.Add(uri, entry); break;
            default: _wildcard.Add(uri.Utf8, entry); break;
        }
    }

    public bool Remove(UriMatchPolicy policy, WampUri uri) => policy switch
    {
        UriMatchPolicy.Exact => _exact.Remove(uri),
        UriMatchPolicy.Prefix => _prefix.Remove(uri),
        _ => _wildcard.Remove(uri.Utf8),
    };

    /// <summary>Appends every entry matching <paramref name="uri"/>: the exact one, every prefix, every wildcard pattern.</summary>
    public void CollectMatches(ReadOnlySpan<byte> uri, List<TEntry> matches)
    {
        if (_exactBySpan.TryGetValue(uri, out TEntry? exact))
        {
            matches.Add(exact);
        }

        if (_prefix.Count > 0)
        {
            for (int length = uri.Length; length > 0; length--)
            {
                if (_prefixBySpan.TryGetValue(uri[..length], out TEntry? prefix))
                {
                    matches.Add(prefix);
                }
            }
        }

        _wildcard.CollectMatches(uri, matches);
    }

    /// <summary>
    /// The single best entry for <paramref name="uri"/> (WAMP spec, "Calls matching multiple registrations"): exact,
    /// else the longest prefix, else the wildcard pattern with the longest runs of concrete components before each wildcard.
    /// </summary>
    public TEntry? FindBest(ReadOnlySpan<byte> uri, List<TEntry> scratch, Func<TEntry, WampUri> patternOf)
    {
        if (_exactBySpan.TryGetValue(uri, out TEntry? exact))
        {
            return exact;
        }

        for (int length = uri.Length; length > 0 && _prefix.Count > 0; length--)
        {
            if (_prefixBySpan.TryGetValue(uri[..length], out TEntry? prefix))
            {
                return prefix;
            }
        }

        scratch.Clear();
        _wildcard.CollectMatches(uri, scratch);
        TEntry? best = null;
        foreach (TEntry candidate in scratch)
        {
            if (best is null || CompareWildcardPriority(patternOf(candidate).Utf8, patternOf(best).Utf8) > 0)
            {
                best = candidate;
            }
        }

        scratch.Clear();
        return best;
    }

    /// <summary>Compares the lengths of the runs of concrete components, run by run: a longer run earlier wins.</summary>
    internal static int CompareWildcardPriority(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        while (true)
        {
            int leftRun = NextRun(ref left);
            int rightRun = NextRun(ref right);
            if (leftRun != rightRun)
            {
                return leftRun.CompareTo(rightRun);
            }

            if (leftRun < 0)
            {
                return 0;
            }
        }
    }

    /// <summary>Counts the concrete components up to the next wildcard and consumes them and the wildcard; -1 at the end.</summary>
    private static int NextRun(ref ReadOnlySpan<byte> pattern)
    {
        if (pattern.IsEmpty)
        {
            return -1;
        }

        int run = 0;
        while (true)
        {
            int dot = pattern.IndexOf((byte)'.');
            ReadOnlySpan<byte> component = dot < 0 ? pattern : pattern[..dot];
            pattern = dot < 0 ? default : pattern[(dot + 1)..];
            if (component.IsEmpty)
            {
                return run;
            }

            run++;
            if (dot < 0)
            {
                return run;
            }
        }
    }
}
