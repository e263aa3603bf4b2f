using System.Text.Json;
using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class EdgeWampJsonContextTests
{
    [Fact]
    public void Serialize_DefaultConfig_LoadsBackUnchanged()
    {
        var original = ConfigLoader.LoadDefault().Config!;

        var json = JsonSerializer.Serialize(original, EdgeWampJsonContext.Default.EdgeWampConfig);
        var reloaded = ConfigLoader.Load(json, "round-trip");

        Assert.True(reloaded.IsValid, string.Join(Environment.NewLine, reloaded.Errors));
        Assert.Equal(json, JsonSerializer.Serialize(reloaded.Config, EdgeWampJsonContext.Default.EdgeWampConfig));
    }

    [Fact]
    public void Serialize_Config_UsesCamelCaseAndTheContractSpellings()
    {
        var config = new EdgeWampConfig
        {
            Realms = [new RealmConfig { Name = "r" }],
            Authentication = new AuthenticationConfig { WampCra = [new WampCraAuthEntry { AuthId = "bob", Secret = "s", Realm = "r", Role = "x" }] },
            Listeners = [new ListenerConfig { Tcp = "*:1", WebSocket = new WebSocketConfig(), AuthMethods = ["wampcra"] }],
        };

        var json = JsonSerializer.Serialize(config, EdgeWampJsonContext.Default.EdgeWampConfig);

        Assert.Contains("\"wampcra\":", json, StringComparison.Ordinal);
        Assert.Contains("\"authid\": \"bob\"", json, StringComparison.Ordinal);
        Assert.Contains("\"keylen\": 32", json, StringComparison.Ordinal);
        Assert.Contains("\"websocket\":", json, StringComparison.Ordinal);
        Assert.Contains("\"authMethods\":", json, StringComparison.Ordinal);
        Assert.Contains("\"maxOutboxBytes\": 4194304", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownMember_IsRejectedByTheContextToo()
    {
        var exception = Assert.Throws<JsonException>(
            () => JsonSerializer.Deserialize("""{ "realms": [], "typo": 1 }""", EdgeWampJsonContext.Default.EdgeWampConfig));

        Assert.Contains("typo", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReaderOptions_MatchTheSerializerOptions()
    {
        var options = EdgeWampJsonContext.ReaderOptions;

        Assert.Equal(JsonCommentHandling.Skip, options.CommentHandling);
        Assert.True(options.AllowTrailingCommas);
    }
}
