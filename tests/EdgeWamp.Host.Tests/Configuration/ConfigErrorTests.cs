using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class ConfigErrorTests
{
    [Fact]
    public void ToString_WithPosition_IsCompilerStyle()
    {
        var error = new ConfigError("/etc/edgewamp/config.json", "$.listeners[1].tcp", new TextPosition(12, 14), "bad port");

        Assert.Equal("/etc/edgewamp/config.json:12:14: $.listeners[1].tcp: bad port", error.ToString());
    }

    [Fact]
    public void ToString_WithoutPosition_OmitsLineAndColumn()
    {
        var error = new ConfigError("c.json", "$", TextPosition.None, "no such file");

        Assert.Equal("c.json: $: no such file", error.ToString());
    }
}
