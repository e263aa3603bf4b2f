using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Uplinks;
using Xunit;

namespace EdgeWamp.Host.Tests.Uplinks;

public class UplinkRulesTests
{
    private static readonly UplinkRules Rules = new(new UplinkConfig
    {
        Name = "cloud",
        Url = "rs://cloud.example:8080",
        Prefix = "devices.pi7.",
        Publish = ["sensors.", "system."],
        Subscribe = ["commands."],
        Register = ["gpio."],
        Durable = ["sensors.env."],
    });

    [Fact]
    public void ToUpstream_AddsThePrefix() =>
        Assert.Equal("devices.pi7.sensors.env.temperature", Rules.ToUpstream("sensors.env.temperature"));

    [Theory]
    [InlineData("devices.pi7.gpio.led.write", true, "gpio.led.write")]
    [InlineData("devices.pi8.gpio.led.write", false, "")]
    [InlineData("devices.pi7.", false, "")]
    public void TryToLocal_RemovesThePrefixOnlyUnderIt(string upstream, bool expected, string local)
    {
        Assert.Equal(expected, Rules.TryToLocal(upstream, out string mapped));
        Assert.Equal(local, mapped);
    }

    [Theory]
    [InlineData("sensors.env.temperature", true, true)]
    [InlineData("sensors.gps.fix", true, false)]
    [InlineData("system.load", true, false)]
    [InlineData("commands.reboot", false, false)]
    public void IsPublished_IsDurable_FollowThePrefixLists(string topic, bool published, bool durable)
    {
        Assert.Equal(published, Rules.IsPublished(topic));
        Assert.Equal(durable, Rules.IsDurable(topic));
    }

    [Fact]
    public void IsSubscribed_IsRegistered_FollowThePrefixLists()
    {
        Assert.True(Rules.IsSubscribed("commands.led"));
        Assert.False(Rules.IsSubscribed("sensors.x"));
        Assert.True(Rules.IsRegistered("gpio.led.write"));
        Assert.False(Rules.IsRegistered("system.reboot"));
    }
}
