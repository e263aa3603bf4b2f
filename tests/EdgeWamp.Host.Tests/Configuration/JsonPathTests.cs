using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class JsonPathTests
{
    [Theory]
    [InlineData("$", "board", "$.board")]
    [InlineData("$.listeners[1]", "tcp", "$.listeners[1].tcp")]
    [InlineData("$", "max size", "$['max size']")]
    [InlineData("$", "a.b", "$['a.b']")]
    [InlineData("$", "it's", @"$['it\'s']")]
    [InlineData("$", "", "$['']")]
    public void Property_Name_AppendsDotOrBracketForm(string parent, string name, string expected)
    {
        Assert.Equal(expected, JsonPath.Property(parent, name));
    }

    [Fact]
    public void Index_Item_AppendsBrackets()
    {
        Assert.Equal("$.realms[3]", JsonPath.Index("$.realms", 3));
    }

    [Theory]
    [InlineData("$.listeners[1].tcp", "$.listeners[1]")]
    [InlineData("$.listeners[1]", "$.listeners")]
    [InlineData("$.listeners", "$")]
    [InlineData("$['a.b']", "$")]
    [InlineData(@"$.x['it\'s']", "$.x")]
    [InlineData("$[0]", "$")]
    public void Parent_Path_RemovesTheLastSegment(string path, string expected)
    {
        Assert.Equal(expected, JsonPath.Parent(path));
    }

    [Fact]
    public void Parent_Root_IsNull()
    {
        Assert.Null(JsonPath.Parent("$"));
    }

    [Theory]
    [InlineData("$.limits", "$.limits", true)]
    [InlineData("$.limits.maxSessions", "$.limits", true)]
    [InlineData("$.realms[0].name", "$.realms", true)]
    [InlineData("$.realms", "$", true)]
    [InlineData("$.limitsX", "$.limits", false)]
    [InlineData("$.limits", "$.limits.maxSessions", false)]
    public void IsSameOrWithin_Paths_ComparesWholeSegments(string path, string ancestor, bool expected)
    {
        Assert.Equal(expected, JsonPath.IsSameOrWithin(path, ancestor));
    }
}
