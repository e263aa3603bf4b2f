using EdgeWamp.Host.Configuration;
using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

/// <summary>The limits of docs/limits.md in the configuration: defaults, ranges, and the listener's group and rate limit.</summary>
public sealed class ConfigValidatorLimitsTests
{
    private const string Realm = """{ "name": "r" }""";

    [Fact]
    public void Defaults_AreSafeForABoard()
    {
        EdgeWampConfig config = Valid($$"""{ "realms": [ {{Realm}} ] }""");

        Assert.Equal(1024, config.Limits.MaxSessionsPerRealm);
        Assert.Equal(1000, config.Limits.MaxPendingCalls);
        Assert.Equal("drop", config.Limits.SlowConsumer);
        Assert.Equal(10_000, config.Limits.HelloTimeoutMs);
        Assert.Equal(10_000, config.Limits.HandshakeTimeoutMs);
    }

    [Fact]
    public void Validate_AllLimitsSet_AreRead()
    {
        EdgeWampConfig config = Valid($$"""
            { "realms": [ {{Realm}} ], "limits": { "maxSessionsPerRealm": 5, "maxPendingCalls": 7, "slowConsumer": "disconnect",
              "helloTimeoutMs": 2000, "handshakeTimeoutMs": 3000 },
              "listeners": [
                { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"], "rateLimit": { "messagesPerSecond": 50, "burst": 100 } },
                { "unix": "/run/edgewamp/e.sock", "mode": "0660", "group": "edgewamp", "authMethods": ["anonymous"],
                  "rateLimit": { "messagesPerSecond": 2.5 } } ] }
            """);

        Assert.Equal((5, 7, "disconnect", 2000, 3000), (config.Limits.MaxSessionsPerRealm, config.Limits.MaxPendingCalls, config.Limits.SlowConsumer, config.Limits.HelloTimeoutMs, config.Limits.HandshakeTimeoutMs));
        Assert.Equal((50.0, 100), (config.Listeners[0].RateLimit!.MessagesPerSecond, config.Listeners[0].RateLimit!.EffectiveBurst()));
        Assert.Equal("edgewamp", config.Listeners[1].Group);

        // Without a burst, one second's worth (rounded up).
        Assert.Equal(3, config.Listeners[1].RateLimit!.EffectiveBurst());
    }

    [Theory]
    [InlineData("maxSessionsPerRealm", "0", "0 is out of range; at least 1 session per realm is needed")]
    [InlineData("maxPendingCalls", "0", "0 is out of range; at least 1 call in flight per session is needed")]
    [InlineData("slowConsumer", "\"block\"", "unknown slow-consumer policy 'block'; expected one of: drop, disconnect")]
    [InlineData("helloTimeoutMs", "0", "0 is out of range; a timeout is 1 to 3600000 milliseconds")]
    [InlineData("handshakeTimeoutMs", "3600001", "3600001 is out of range; a timeout is 1 to 3600000 milliseconds")]
    public void Validate_LimitOutOfRange_ReportsAtTheValue(string key, string value, string expected)
    {
        string json = $$"""
            { "realms": [ {{Realm}} ], "limits": {
                "{{key}}": {{value}} } }
            """;

        Assert.Equal(expected, SingleError(json, $"$.limits.{key}", 2, 9 + key.Length));
    }

    [Fact]
    public void Validate_GroupOnATcpListener_IsRefused()
    {
        string message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"],
                "group": "edgewamp" } ] }
            """,
            "$.listeners[0].group",
            2,
            14);

        Assert.Equal("'group' is only valid on a 'unix' listener", message);
    }

    [Theory]
    [InlineData("Edge Wamp")]
    [InlineData("")]
    [InlineData("-x")]
    public void Validate_GroupNotAGroupName_IsRefused(string group)
    {
        string message = SingleError(
            $$"""
            { "realms": [ { "name": "r" } ], "listeners": [ { "unix": "e.sock", "authMethods": ["anonymous"],
                "group": "{{group}}" } ] }
            """,
            "$.listeners[0].group",
            2,
            14);

        Assert.Equal($"'{group}' is not a group name (lowercase letters, digits, '_' and '-') or a numeric group id", message);
    }

    [Theory]
    [InlineData("\"messagesPerSecond\": 0", "$.listeners[0].rateLimit.messagesPerSecond", "0 is out of range; a rate is a positive number of messages per second")]
    [InlineData("\"messagesPerSecond\": -5", "$.listeners[0].rateLimit.messagesPerSecond", "-5 is out of range; a rate is a positive number of messages per second")]
    [InlineData("\"messagesPerSecond\": 10, \"burst\": 0", "$.listeners[0].rateLimit.burst", "0 is out of range; a burst is at least 1 message")]
    public void Validate_RateLimitOutOfRange_ReportsAtTheValue(string body, string path, string expected)
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"],
                "rateLimit": { {{body}} } } ] }
            """);

        ConfigError error = Assert.Single(errors);
        Assert.Equal((path, expected), (error.Path, error.Message));
    }

    [Fact]
    public void Validate_RateLimitWithoutARate_IsRefused()
    {
        ConfigError error = Assert.Single(Errors("""
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"],
                "rateLimit": { "burst": 5 } } ] }
            """));

        Assert.StartsWith("$.listeners[0].rateLimit", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RateLimitOnASerialListener_IsRefused()
    {
        ConfigError error = Assert.Single(Errors("""
            { "realms": [ { "name": "r" } ], "listeners": [ { "serial": "/dev/ttyUSB0", "authMethods": ["anonymous"],
                "rateLimit": { "messagesPerSecond": 10 } } ] }
            """));

        Assert.Equal(("$.listeners[0].rateLimit", "'rateLimit' is only valid on a 'tcp' or 'unix' listener"), (error.Path, error.Message));
    }
}
