using System.Text;
using EdgeWamp.Router.Authorization;

namespace EdgeWamp.Router.Tests.Authorization;

public sealed class PermissionRuleTests
{
    [Theory]
    [InlineData("sensors.env.temperature", "sensors.env.temperature", true)]
    [InlineData("sensors.env.temperature", "sensors.env.temperature.max", false)]
    [InlineData("sensors.env.temperature", "sensors.env", false)]
    [InlineData("sensors.env.temperature", "sensors.env.temperaturE", false)]
    [InlineData("sensors.env.temperature", "", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    public void Matches_Exact_OnlyTheSameUri(string rule, string uri, bool expected)
    {
        var permission = new PermissionRule(rule, UriMatch.Exact, WampAction.Call);

        Assert.Equal(expected, permission.Matches(Encoding.UTF8.GetBytes(uri)));
    }

    [Theory]
    [InlineData("sensors.", "sensors.x", true)]
    [InlineData("sensors.", "sensors.env.temperature", true)]
    [InlineData("sensors.", "sensors.", true)]
    [InlineData("sensors.", "sensors", false)]
    [InlineData("sensors.", "sensorsx", false)]
    [InlineData("sensors.", "gpio.sensors.x", false)]
    [InlineData("sensors", "sensorsx.y", true)]
    [InlineData("", "anything.at.all", true)]
    [InlineData("", "wamp.session.count", true)]
    [InlineData("", "", true)]
    public void Matches_Prefix_UrisStartingWithTheRule(string rule, string uri, bool expected)
    {
        var permission = new PermissionRule(rule, UriMatch.Prefix, WampAction.Call);

        Assert.Equal(expected, permission.Matches(Encoding.UTF8.GetBytes(uri)));
    }

    [Theory]
    [InlineData("a..c", "a.b.c", true)]
    [InlineData("a..c", "a.xyz.c", true)]
    [InlineData("a..c", "a.b.c.d", false)]
    [InlineData("a..c", "a.c", false)]
    [InlineData("a..c", "a.b.d", false)]
    [InlineData("a..c", "x.b.c", false)]
    [InlineData("a..c", "ab.c", false)]
    [InlineData(".b.", "a.b.c", true)]
    [InlineData(".b.", "a.x.c", false)]
    [InlineData("..", "a.b.c", true)]
    [InlineData("..", "a.b", false)]
    [InlineData("a.b", "a.b", true)]
    [InlineData("a.b", "a.bc", false)]
    [InlineData("sensors..temperature", "sensors.kitchen.temperature", true)]
    [InlineData("sensors..temperature", "sensors.kitchen.temperature.max", false)]
    public void Matches_Wildcard_EmptyComponentsMatchExactlyOneComponent(string rule, string uri, bool expected)
    {
        var permission = new PermissionRule(rule, UriMatch.Wildcard, WampAction.Call);

        Assert.Equal(expected, permission.Matches(Encoding.UTF8.GetBytes(uri)));
    }

    [Fact]
    public void Constructor_Values_AreKept()
    {
        var permission = new PermissionRule("gpio.", UriMatch.Prefix, WampAction.Call | WampAction.Subscribe);

        Assert.Equal(UriMatch.Prefix, permission.Match);
        Assert.Equal(WampAction.Call | WampAction.Subscribe, permission.Allow);
    }

    [Fact]
    public void Matches_NonAsciiUri_ComparesUtf8Bytes()
    {
        var permission = new PermissionRule("capteurs.température", UriMatch.Exact, WampAction.Subscribe);

        Assert.True(permission.Matches("capteurs.température"u8));
        Assert.False(permission.Matches("capteurs.temperature"u8));
    }
}
