using System.Text;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Tests.Uris;

/// <summary><see cref="WildcardTrie{TEntry}"/>: wildcard patterns by component (WAMP spec, "Wildcard Matching").</summary>
public sealed class WildcardTrieTests
{
    private readonly WildcardTrie<string> _trie = new();

    [Theory]
    [InlineData("com.myapp..userevent", "com.myapp.foo.userevent", true)]
    [InlineData("com.myapp..userevent", "com.myapp.foo.userevent.bar", false)]
    [InlineData("com.myapp..userevent", "com.myapp.foo.user", false)]
    [InlineData("com.myapp..userevent", "com.myapp2.foo.userevent", false)]
    [InlineData("com.myapp..userevent", "com.myapp.userevent", false)]
    [InlineData(".myapp.foo", "com.myapp.foo", true)]         // leading wildcard
    [InlineData("com.myapp.", "com.myapp.foo", true)]         // trailing wildcard
    [InlineData("com.myapp.", "com.myapp", false)]            // a wildcard stands for exactly one component
    [InlineData("com.myapp.", "com.myapp.foo.bar", false)]
    [InlineData("..", "a.b.c", true)]                         // all wildcards: any three components
    [InlineData("..", "a.b", false)]
    [InlineData("a..c..e", "a.1.c.2.e", true)]
    [InlineData("a..c..e", "a.1.x.2.e", false)]
    [InlineData("a.b.c", "a.b.c", true)]                      // no wildcard: matches only itself
    [InlineData("a.b.c", "a.b.cd", false)]
    [InlineData("a..c", "a..c", false)]                       // a URI with an empty component is not a topic
    public void CollectMatches_PatternAndUri_MatchesByWholeComponents(string pattern, string uri, bool matches)
    {
        _trie.Add(Utf8(pattern), pattern);

        List<string> found = Collect(uri);

        Assert.Equal(matches ? [pattern] : [], found);
    }

    [Fact]
    public void CollectMatches_OverlappingPatterns_FindsEachMatchingOneOnce()
    {
        string[] patterns = ["a.b.c", "a..c", ".b.c", "a.b.", "..c", "a..", ".b.", "..", "a..d", "a.b.c.", "x.."];
        foreach (string pattern in patterns)
        {
            _trie.Add(Utf8(pattern), pattern);
        }

        List<string> found = Collect("a.b.c");

        Assert.Equal(["..", "..c", ".b.", ".b.c", "a..", "a..c", "a.b.", "a.b.c"], found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Get_ExactPattern_IsFoundOnlyByTheSamePattern()
    {
        _trie.Add(Utf8("a..c"), "wildcard");
        _trie.Add(Utf8("a.b.c"), "concrete");

        Assert.Equal("wildcard", _trie.Get(Utf8("a..c")));
        Assert.Equal("concrete", _trie.Get(Utf8("a.b.c")));
        Assert.Null(_trie.Get(Utf8("a.b")));
        Assert.Null(_trie.Get(Utf8("a...c")));
        Assert.Null(_trie.Get(Utf8("a.x.c")));
    }

    [Fact]
    public void Get_PatternThatIsOnlyAPathToAnother_IsNotAnEntry()
    {
        _trie.Add(Utf8("a..c.d"), "long");

        Assert.Null(_trie.Get(Utf8("a..c")));
        Assert.Empty(Collect("a.b.c"));
    }

    [Fact]
    public void Add_SamePatternAgain_ReplacesTheEntry()
    {
        _trie.Add(Utf8("a..c"), "first");
        _trie.Add(Utf8("a..c"), "second");

        Assert.Equal(["second"], Collect("a.b.c"));
    }

    [Fact]
    public void Remove_Pattern_StopsMatchingAndKeepsItsNeighbours()
    {
        _trie.Add(Utf8("a..c"), "a..c");
        _trie.Add(Utf8("a..c.d"), "a..c.d");
        _trie.Add(Utf8("a.b.c"), "a.b.c");

        Assert.True(_trie.Remove(Utf8("a..c")));

        Assert.Null(_trie.Get(Utf8("a..c")));
        Assert.Equal(["a.b.c"], Collect("a.b.c"));
        Assert.Equal(["a..c.d"], Collect("a.b.c.d"));
    }

    [Fact]
    public void Remove_UnknownOrAlreadyRemovedPattern_ReturnsFalse()
    {
        _trie.Add(Utf8("a..c.d"), "long");

        Assert.False(_trie.Remove(Utf8("a..c")));
        Assert.False(_trie.Remove(Utf8("x..c")));
        Assert.True(_trie.Remove(Utf8("a..c.d")));
        Assert.False(_trie.Remove(Utf8("a..c.d")));
    }

    [Fact]
    public void Add_AfterRemove_MatchesAgain()
    {
        _trie.Add(Utf8("a..c"), "old");
        _trie.Remove(Utf8("a..c"));

        _trie.Add(Utf8("a..c"), "new");

        Assert.Equal(["new"], Collect("a.z.c"));
    }

    private List<string> Collect(string uri)
    {
        var matches = new List<string>();
        _trie.CollectMatches(Utf8(uri), matches);
        return matches;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
