using System.Text;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Tests.Uris;

/// <summary>
/// <see cref="UriIndex{TEntry}"/>: subscriptions and registrations by URI and match policy (WAMP spec, "Pattern-based
/// Subscriptions" and "Pattern-based Registrations"), with the spec's own examples.
/// </summary>
public sealed class UriIndexTests
{
    private readonly UriIndex<Entry> _index = new();

    /// <summary>The registrations of the spec's example ("Calls matching multiple registrations"), numbered as there.</summary>
    private static readonly (int Rpc, string Uri, UriMatchPolicy Match)[] SpecRegistrations =
    [
        (1, "a1.b2.c3.d4.e55", UriMatchPolicy.Exact),
        (2, "a1.b2.c3", UriMatchPolicy.Prefix),
        (3, "a1.b2.c3.d4", UriMatchPolicy.Prefix),
        (4, "a1.b2..d4.e5", UriMatchPolicy.Wildcard),
        (5, "a1.b2.c3..e5", UriMatchPolicy.Wildcard),
        (6, "a1.b2..d4.e5..g7", UriMatchPolicy.Wildcard),
        (7, "a1.b2..d4..f6.g7", UriMatchPolicy.Wildcard),
    ];

    [Fact]
    public void Get_SameUriUnderEachPolicy_KeepsThreeSeparateEntries()
    {
        Entry exact = Add("com.myapp.a", UriMatchPolicy.Exact);
        Entry prefix = Add("com.myapp.a", UriMatchPolicy.Prefix);
        Entry wildcard = Add("com.myapp.a", UriMatchPolicy.Wildcard);

        Assert.Same(exact, _index.Get(UriMatchPolicy.Exact, "com.myapp.a"u8));
        Assert.Same(prefix, _index.Get(UriMatchPolicy.Prefix, "com.myapp.a"u8));
        Assert.Same(wildcard, _index.Get(UriMatchPolicy.Wildcard, "com.myapp.a"u8));
        Assert.Null(_index.Get(UriMatchPolicy.Exact, "com.myapp"u8));
        Assert.Null(_index.Get(UriMatchPolicy.Prefix, "com.myapp"u8));
        Assert.Null(_index.Get(UriMatchPolicy.Wildcard, "com.myapp"u8));
        Assert.Equal(1, _index.PrefixCount);
    }

    [Fact]
    public void Get_WildcardPattern_IsFoundByItsPatternNotByTopicsItMatches()
    {
        Entry pattern = Add("com.myapp..userevent", UriMatchPolicy.Wildcard);

        Assert.Same(pattern, _index.Get(UriMatchPolicy.Wildcard, "com.myapp..userevent"u8));
        Assert.Null(_index.Get(UriMatchPolicy.Wildcard, "com.myapp.foo.userevent"u8));
    }

    [Theory]
    [InlineData("com.myapp.topic.emergency.11")]
    [InlineData("com.myapp.topic.emergency-low")]
    [InlineData("com.myapp.topic.emergency.category.severe")]
    [InlineData("com.myapp.topic.emergency")]
    public void CollectMatches_PrefixExamplesOfTheSpec_Match(string topic)
    {
        Entry prefix = Add("com.myapp.topic.emergency", UriMatchPolicy.Prefix);

        Assert.Equal([prefix], Collect(topic));
    }

    [Theory]
    [InlineData("com.myapp.topic.emerge")]
    [InlineData("com.myapp.topic")]
    [InlineData("org.myapp.topic.emergency")]
    public void CollectMatches_TopicsThePrefixDoesNotStart_DoNotMatch(string topic)
    {
        Add("com.myapp.topic.emergency", UriMatchPolicy.Prefix);

        Assert.Empty(Collect(topic));
    }

    [Theory]
    [InlineData("com.myapp.foo.userevent")]
    [InlineData("com.myapp.bar.userevent")]
    [InlineData("com.myapp.a12.userevent")]
    public void CollectMatches_WildcardExamplesOfTheSpec_Match(string topic)
    {
        Entry wildcard = Add("com.myapp..userevent", UriMatchPolicy.Wildcard);

        Assert.Equal([wildcard], Collect(topic));
    }

    [Theory]
    [InlineData("com.myapp.foo.userevent.bar")]
    [InlineData("com.myapp.foo.user")]
    [InlineData("com.myapp2.foo.userevent")]
    [InlineData("com.myapp.userevent")]
    public void CollectMatches_WildcardCounterExamplesOfTheSpec_DoNotMatch(string topic)
    {
        Add("com.myapp..userevent", UriMatchPolicy.Wildcard);

        Assert.Empty(Collect(topic));
    }

    [Fact]
    public void CollectMatches_ExactPrefixesAndWildcards_CollectsEveryMatchExactFirstThenLongestPrefixFirst()
    {
        Entry exact = Add("a.b.c", UriMatchPolicy.Exact);
        Entry shortPrefix = Add("a", UriMatchPolicy.Prefix);
        Entry longPrefix = Add("a.b", UriMatchPolicy.Prefix);
        Entry partialComponentPrefix = Add("a.b.c", UriMatchPolicy.Prefix);
        Entry wildcardFirst = Add(".b.c", UriMatchPolicy.Wildcard);
        Entry wildcardMiddle = Add("a..c", UriMatchPolicy.Wildcard);
        Entry wildcardAll = Add("..", UriMatchPolicy.Wildcard);
        Add("a.b.d", UriMatchPolicy.Exact);
        Add("a.x", UriMatchPolicy.Prefix);
        Add("a..d", UriMatchPolicy.Wildcard);
        Add("a.b.c.", UriMatchPolicy.Wildcard);

        List<Entry> matches = Collect("a.b.c");

        Assert.Equal([exact, partialComponentPrefix, longPrefix, shortPrefix], matches.Take(4));
        Assert.Equal(new HashSet<Entry> { wildcardFirst, wildcardMiddle, wildcardAll }, matches.Skip(4).ToHashSet());
        Assert.Equal(7, matches.Count);
    }

    [Fact]
    public void CollectMatches_NothingMatches_AppendsNothing()
    {
        Add("a.b", UriMatchPolicy.Exact);
        Add("b", UriMatchPolicy.Prefix);
        Add("a.", UriMatchPolicy.Wildcard);
        var matches = new List<Entry> { new("already there") };

        _index.CollectMatches("a.b.c"u8, matches);

        Assert.Single(matches);
    }

    [Fact]
    public void Remove_EachPolicy_RemovesOnlyThatEntry()
    {
        Entry exact = Add("a.b", UriMatchPolicy.Exact);
        Entry prefix = Add("a.b", UriMatchPolicy.Prefix);
        Entry wildcard = Add("a.b", UriMatchPolicy.Wildcard);

        Assert.True(_index.Remove(UriMatchPolicy.Prefix, prefix.Uri));

        Assert.Equal([exact, wildcard], Collect("a.b"));
        Assert.Null(_index.Get(UriMatchPolicy.Prefix, "a.b"u8));
        Assert.Equal(0, _index.PrefixCount);
        Assert.True(_index.Remove(UriMatchPolicy.Wildcard, wildcard.Uri));
        Assert.True(_index.Remove(UriMatchPolicy.Exact, exact.Uri));
        Assert.Empty(Collect("a.b"));
    }

    [Fact]
    public void Remove_UnknownEntry_ReturnsFalse()
    {
        Add("a.b", UriMatchPolicy.Exact);

        Assert.False(_index.Remove(UriMatchPolicy.Exact, new WampUri("a.c"u8)));
        Assert.False(_index.Remove(UriMatchPolicy.Prefix, new WampUri("a.b"u8)));
        Assert.False(_index.Remove(UriMatchPolicy.Wildcard, new WampUri("a..b"u8)));
        Assert.False(_index.Remove(UriMatchPolicy.Wildcard, new WampUri("a.b"u8)));
    }

    [Fact]
    public void Remove_WildcardPattern_OtherPatternsThroughTheSameNodesStillMatch()
    {
        Entry broad = Add("a..c", UriMatchPolicy.Wildcard);
        Entry narrow = Add("a..c.d", UriMatchPolicy.Wildcard);

        Assert.True(_index.Remove(UriMatchPolicy.Wildcard, broad.Uri));

        Assert.Empty(Collect("a.b.c"));
        Assert.Equal([narrow], Collect("a.b.c.d"));
        Entry again = Add("a..c", UriMatchPolicy.Wildcard);
        Assert.Equal([again], Collect("a.x.c"));
    }

    /// <summary>
    /// The spec's example ("Calls matching multiple registrations") with all seven registrations in place, decided by the
    /// spec's algorithm: exact, else the longest prefix, else the wildcard with the longest portions before each wildcard.
    /// </summary>
    /// <remarks>
    /// For 'a1.b2.c3.d4.e5' the spec's table says RPC 5 ("no prefix match"), but RPC 2 'a1.b2.c3' and RPC 3 'a1.b2.c3.d4'
    /// are prefixes of that URI, and step 2 of the algorithm the spec says MUST be applied picks the longest, RPC 3.
    /// The table row holds when the prefix registrations are absent:
    /// <see cref="FindBest_WildcardsOfTheSpecsExampleAlone_PickTheLongestPortionsBeforeEachWildcard"/>.
    /// </remarks>
    [Theory]
    [InlineData("a1.b2.c3.d4.e55", 1)]   // exact match
    [InlineData("a1.b2.c3.d98.e74", 2)]  // single prefix match
    [InlineData("a1.b2.c3.d4.e325", 3)]  // two prefix matches (2, 3): the longest
    [InlineData("a1.b2.c55.d4.e5", 4)]   // single wildcard match
    [InlineData("a1.b2.c3.d4.e5", 3)]    // prefixes 2 and 3 match before the wildcards 4 and 5 are considered
    [InlineData("a1.b2.c88.d4.e5.f6.g7", 6)] // wildcards 6 and 7: equal first portions, 6 has the longer second
    [InlineData("a2.b2.c2.d2.e2", 0)]    // nothing: wamp.error.no_such_procedure
    public void FindBest_RegistrationsOfTheSpecsExample_PicksAsTheAlgorithmSays(string procedure, int expectedRpc)
    {
        Dictionary<int, Entry> rpcs = SpecRegistrations.ToDictionary(rpc => rpc.Rpc, rpc => Add(rpc.Uri, rpc.Match));

        Entry? best = FindBest(procedure);

        Assert.Equal(expectedRpc == 0 ? null : rpcs[expectedRpc], best);
    }

    [Theory]
    [InlineData("a1.b2.c55.d4.e5", 4)]
    [InlineData("a1.b2.c3.d4.e5", 5)]        // the spec's table: wildcards 4 and 5 match, 5 has the longer first portion
    [InlineData("a1.b2.c88.d4.e5.f6.g7", 6)]
    [InlineData("a1.b2.c3.d4.e55", 0)]
    public void FindBest_WildcardsOfTheSpecsExampleAlone_PickTheLongestPortionsBeforeEachWildcard(string procedure, int expectedRpc)
    {
        Dictionary<int, Entry> rpcs = SpecRegistrations.Where(rpc => rpc.Match == UriMatchPolicy.Wildcard).ToDictionary(rpc => rpc.Rpc, rpc => Add(rpc.Uri, rpc.Match));

        Entry? best = FindBest(procedure);

        Assert.Equal(expectedRpc == 0 ? null : rpcs[expectedRpc], best);
    }

    [Theory]
    [InlineData("com.myapp.myobject1.myprocedure1", true)]
    [InlineData("com.myapp.myobject1-mysubobject1", true)]
    [InlineData("com.myapp.myobject1.mysubobject1.myprocedure1", true)]
    [InlineData("com.myapp.myobject1", true)]
    [InlineData("com.myapp.myobject2", false)]
    [InlineData("com.myapp.myobject", false)]
    public void FindBest_PrefixRegistrationExamplesOfTheSpec_MatchAsListed(string procedure, bool matches)
    {
        Entry registration = Add("com.myapp.myobject1", UriMatchPolicy.Prefix);

        Assert.Equal(matches ? registration : null, FindBest(procedure));
    }

    [Theory]
    [InlineData("com.myapp.myobject1.myprocedure1", true)]
    [InlineData("com.myapp.myobject2.myprocedure1", true)]
    [InlineData("com.myapp.myobject1.myprocedure1.mysubprocedure1", false)]
    [InlineData("com.myapp.myobject1.myprocedure2", false)]
    [InlineData("com.myapp2.myobject1.myprocedure1", false)]
    public void FindBest_WildcardRegistrationExamplesOfTheSpec_MatchAsListed(string procedure, bool matches)
    {
        Entry registration = Add("com.myapp..myprocedure1", UriMatchPolicy.Wildcard);

        Assert.Equal(matches ? registration : null, FindBest(procedure));
    }

    [Fact]
    public void FindBest_ExactBeatsPrefixAndWildcard()
    {
        Add("a", UriMatchPolicy.Prefix);
        Add("a..c", UriMatchPolicy.Wildcard);
        Entry exact = Add("a.b.c", UriMatchPolicy.Exact);

        Assert.Same(exact, FindBest("a.b.c"));
    }

    [Fact]
    public void FindBest_AnyPrefixBeatsAMoreSpecificWildcard()
    {
        Entry prefix = Add("a", UriMatchPolicy.Prefix);
        Add("a.b.c.", UriMatchPolicy.Wildcard);

        Assert.Same(prefix, FindBest("a.b.c.d"));
    }

    [Fact]
    public void FindBest_AfterTheBestIsRemoved_FallsBackToTheNextBest()
    {
        Entry exact = Add("a.b.c", UriMatchPolicy.Exact);
        Entry longPrefix = Add("a.b", UriMatchPolicy.Prefix);
        Entry shortPrefix = Add("a", UriMatchPolicy.Prefix);
        Entry wildcard = Add("a..c", UriMatchPolicy.Wildcard);

        Assert.Same(exact, FindBest("a.b.c"));
        _index.Remove(UriMatchPolicy.Exact, exact.Uri);
        Assert.Same(longPrefix, FindBest("a.b.c"));
        _index.Remove(UriMatchPolicy.Prefix, longPrefix.Uri);
        Assert.Same(shortPrefix, FindBest("a.b.c"));
        _index.Remove(UriMatchPolicy.Prefix, shortPrefix.Uri);
        Assert.Same(wildcard, FindBest("a.b.c"));
        _index.Remove(UriMatchPolicy.Wildcard, wildcard.Uri);
        Assert.Null(FindBest("a.b.c"));
    }

    [Fact]
    public void FindBest_LeavesTheScratchListEmpty()
    {
        Add("a..c", UriMatchPolicy.Wildcard);
        Add(".b.c", UriMatchPolicy.Wildcard);
        var scratch = new List<Entry>();

        Assert.NotNull(_index.FindBest("a.b.c"u8, scratch, entry => entry.Uri));

        Assert.Empty(scratch);
    }

    /// <summary>The runs of concrete components before each wildcard, compared run by run: a longer run earlier wins.</summary>
    [Theory]
    [InlineData("a1.b2.c3..e5", "a1.b2..d4.e5", 1)]          // runs [3,1] vs [2,2]: the first run decides
    [InlineData("a1.b2..d4.e5..g7", "a1.b2..d4..f6.g7", 1)]  // [2,2,1] vs [2,1,2]: equal first runs, the second decides
    [InlineData("a1.b2..d4.e5", "a1.b2..d4.e5", 0)]
    [InlineData("a..c", ".b.c", 1)]                           // [1,1] vs [0,2]
    [InlineData("..c", ".b.", -1)]                            // [0,0,1] vs [0,1]
    [InlineData("a.b.", "a..c", 1)]                           // [2] vs [1,1]
    [InlineData("a..c", "a..", 1)]                            // [1,1] vs [1]: a concrete run after the wildcard wins
    [InlineData("a.b.c", "a.b.", 1)]                          // no wildcard at all: one run of 3
    public void CompareWildcardPriority_Pairs_OrderAsTheSpecDescribes(string left, string right, int expectedSign)
    {
        int forward = UriIndex<Entry>.CompareWildcardPriority(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
        int backward = UriIndex<Entry>.CompareWildcardPriority(Encoding.UTF8.GetBytes(right), Encoding.UTF8.GetBytes(left));

        Assert.Equal(expectedSign, Math.Sign(forward));
        Assert.Equal(-expectedSign, Math.Sign(backward));
    }

    [Fact]
    public void Lookups_AfterWarmUp_AllocateNothing()
    {
        foreach ((_, string uri, UriMatchPolicy match) in SpecRegistrations)
        {
            Add(uri, match);
        }

        var matches = new List<Entry>(16);
        var scratch = new List<Entry>(16);
        Func<Entry, WampUri> patternOf = entry => entry.Uri;
        byte[][] uris = [.. ((string[])["a1.b2.c3.d4.e55", "a1.b2.c3.d4.e325", "a1.b2.c55.d4.e5", "a1.b2.c88.d4.e5.f6.g7", "a2.b2.c2.d2.e2"]).Select(Encoding.UTF8.GetBytes)];
        void Run()
        {
            foreach (byte[] uri in uris)
            {
                matches.Clear();
                _index.CollectMatches(uri, matches);
                _index.FindBest(uri, scratch, patternOf);
                _index.Get(UriMatchPolicy.Wildcard, "a1.b2..d4.e5"u8);
            }
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            Run();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private Entry Add(string uri, UriMatchPolicy match)
    {
        var entry = new Entry(uri);
        _index.Add(match, entry.Uri, entry);
        return entry;
    }

    private List<Entry> Collect(string uri)
    {
        var matches = new List<Entry>();
        _index.CollectMatches(Encoding.UTF8.GetBytes(uri), matches);
        return matches;
    }

    private Entry? FindBest(string uri) => _index.FindBest(Encoding.UTF8.GetBytes(uri), [], entry => entry.Uri);

    private sealed class Entry(string uri)
    {
        public WampUri Uri { get; } = new(Encoding.UTF8.GetBytes(uri));

        public override string ToString() => Uri.ToString();
    }
}
