using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Uplinks;

public class UplinkConfigTests
{
    [Fact]
    public void Validate_UnknownFsyncPolicy_ReportsAtTheQueue()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "uplinks": [ { "name": "cloud", "url": "rs://cloud.example:8080", "realm": "fleet",
                "queue": { "fsync": "sometimes" } } ] }
            """,
            "$.uplinks[0].queue.fsync",
            2,
            25);

        Assert.Equal("unknown fsync policy 'sometimes'; expected one of: always, batch, never", message);
    }

    [Fact]
    public void Validate_CallOverlapsRegister_ReportsTheLoop()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "uplinks": [ { "name": "cloud", "url": "rs://cloud.example:8080", "realm": "fleet",
                "register": ["gpio."], "call": ["gpio.led."] } ] }
            """,
            "$.uplinks[0].call[0]",
            2,
            37);

        Assert.Contains("overlaps the register prefix 'gpio.'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownLocalRealm_ReportsAtTheLocalRealm()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "uplinks": [ { "name": "cloud", "url": "rs://cloud.example:8080", "realm": "fleet",
                "localRealm": "elsewhere" } ] }
            """,
            "$.uplinks[0].localRealm",
            2,
            19);

        Assert.Equal("no realm named 'elsewhere' is configured", message);
    }

    [Fact]
    public void Validate_MaxBackoffBelowOneSecond_IsRefused()
    {
        SingleError(
            """
            { "realms": [ { "name": "r" } ], "uplinks": [ { "name": "cloud", "url": "rs://cloud.example:8080", "realm": "fleet",
                "maxBackoffSeconds": 0 } ] }
            """,
            "$.uplinks[0].maxBackoffSeconds",
            2,
            26);
    }

    [Fact]
    public void Load_FullWampUplink_KeepsEveryMember()
    {
        var config = Valid(
            """
            { "realms": [ { "name": "r" }, { "name": "local" } ], "uplinks": [ { "name": "cloud", "url": "rss://cloud.example:443", "realm": "fleet",
                "localRealm": "local", "maxBackoffSeconds": 5,
                "queue": { "fsync": "always", "directory": "/var/lib/edgewamp/q", "maxBytes": 4096, "maxAgeSeconds": 60 } } ] }
            """);

        var uplink = Assert.Single(config.Uplinks);
        Assert.Equal(("local", 5), (uplink.LocalRealm, uplink.MaxBackoffSeconds));
        Assert.Equal(("always", "/var/lib/edgewamp/q"), (uplink.Queue.Fsync, uplink.Queue.Directory));
    }
}

public class UplinkDocsExamplesTests
{
    [Theory]
    [InlineData("uplink-wamp.json")]
    [InlineData("uplink-mqtt.json")]
    public void DocsExample_PassesCheckConfig(string name)
    {
        string directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "EdgeWamp.sln")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("EdgeWamp.sln not found above the test binary");
        }

        var config = Valid(File.ReadAllText(Path.Combine(directory, "docs", "examples", name)));

        Assert.Single(config.Uplinks);
    }
}
