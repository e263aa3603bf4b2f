using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class SpellingSuggestionTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    [InlineData("maxSesions", "maxSessions", 1)]
    public void Distance_TwoWords_IsTheLevenshteinDistance(string a, string b, int expected)
    {
        Assert.Equal(expected, SpellingSuggestion.Distance(a, b));
    }

    [Theory]
    [InlineData("authmethods", "authMethods")]
    [InlineData("listeners", "listeners")]
    [InlineData("realm", "realms")]
    public void Closest_NearMiss_GivesTheKnownName(string name, string expected)
    {
        Assert.Equal(expected, SpellingSuggestion.Closest(name, ["realms", "listeners", "authMethods", "limits"]));
    }

    [Theory]
    [InlineData("compression")]
    [InlineData("tls")] // Two edits from "tcp", but a different thing: short names allow one edit only.
    public void Closest_NothingNear_IsNull(string name)
    {
        Assert.Null(SpellingSuggestion.Closest(name, ["path", "tcp", "unix"]));
    }

    [Fact]
    public void Closest_ShortNameOneEditAway_GivesTheKnownName()
    {
        Assert.Equal("path", SpellingSuggestion.Closest("pth", ["path", "tcp"]));
    }
}
