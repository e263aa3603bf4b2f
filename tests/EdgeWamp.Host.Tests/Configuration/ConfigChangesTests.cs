using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class ConfigChangesTests
{
    private static string Config(string realms = """{ "name": "realm1", "roles": [ { "name": "anonymous" } ] }""",
                                 string listeners = """{ "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"] }""",
                                 string extra = "") => $$"""
        {
          "realms": [ {{realms}} ],
          "authentication": { "anonymous": [ { "realm": "realm1", "role": "anonymous" } ] },
          "listeners": [ {{listeners}} ] {{extra}}
        }
        """;

    private static IReadOnlyList<string> Changes(string before, string after) =>
        ConfigChanges.Between(ConfigTestHelpers.Valid(before), ConfigTestHelpers.Valid(after));

    [Fact]
    public void Between_SameConfiguration_IsEmpty() => Assert.Empty(Changes(Config(), Config()));

    [Fact]
    public void Between_SameConfigurationWrittenDifferently_IsEmpty() =>
        Assert.Empty(Changes(Config(), Config().Replace("\n", "\n\n", StringComparison.Ordinal) + " // a comment"));

    [Fact]
    public void Between_ListenerAddedRemovedChanged_NamesEachByAddress()
    {
        string before = Config(listeners: """
            { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"] },
            { "unix": "edgewamp.sock", "authMethods": ["anonymous"] }
            """);
        string after = Config(listeners: """
            { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"], "serializers": ["cbor"] },
            { "tcp": "127.0.0.1:9090", "authMethods": ["anonymous"] }
            """);

        Assert.Equal(
            ["listener tcp 127.0.0.1:8080 changed", "listener unix edgewamp.sock removed", "listener tcp 127.0.0.1:9090 added"],
            Changes(before, after));
    }

    [Fact]
    public void Between_RealmAddedAndRoleChanged_NamesEachRealm()
    {
        string after = Config(realms: """
            { "name": "realm1", "roles": [ { "name": "anonymous", "permissions": [ { "uri": "x.", "match": "prefix", "allow": ["call"] } ] } ] },
            { "name": "realm2" }
            """);

        Assert.Equal(["realm 'realm1' changed", "realm 'realm2' added"], Changes(Config(), after));
    }

    [Fact]
    public void Between_OtherSectionChanged_NamesTheSection() =>
        Assert.Equal(["limits changed"], Changes(Config(), Config(extra: """, "limits": { "maxSessions": 5 }""")));
}
