using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

/// <summary>The JSON names are a contract (DESIGN.md, "Configuration"): these tests fail on any rename.</summary>
public sealed class ConfigSchemaTests
{
    [Fact]
    public void Root_Members_AreTheContractNames()
    {
        Assert.Equal(["board", "realms", "authentication", "listeners", "uplinks", "limits", "devices"], ConfigSchema.Root.Properties.Keys);
    }

    [Fact]
    public void Realm_Members_AreTheContractNamesPlusBrokerAndTrustSettings()
    {
        var realm = Items(ConfigSchema.Root, "realms");
        var role = Items(realm, "roles");
        var permission = Items(role, "permissions");

        // The contract's names first; eventHistory, maxRetainedTopics and trustlevel extend it (Advanced Profile),
        // authorizer and authorizerTimeoutMs (dynamic authorization, issue 4).
        Assert.Equal(["name", "roles", "eventHistory", "maxRetainedTopics"], realm.Properties.Keys);
        Assert.Equal(["name", "permissions", "trustlevel", "authorizer", "authorizerTimeoutMs"], role.Properties.Keys);
        Assert.Equal(["uri", "match", "allow", "disclose"], permission.Properties.Keys);
        Assert.Equal(SchemaKind.String, permission.Properties["allow"].Node.Items?.Kind);
    }

    [Fact]
    public void Authentication_Members_AreTheContractNames()
    {
        var authentication = ConfigSchema.Root.Properties["authentication"].Node;

        // The contract's four, then those added for issue 4 (scram, tls, jwt, cookie, dynamic), never renamed.
        Assert.Equal(["anonymous", "ticket", "wampcra", "cryptosign", "scram", "tls", "jwt", "cookie", "dynamic"], authentication.Properties.Keys);
        Assert.Equal(["realm", "procedure", "authenticatorRealm", "methods", "timeoutMs"], Items(authentication, "dynamic").Properties.Keys);
        Assert.Equal(["realm", "role"], Items(authentication, "anonymous").Properties.Keys);
        Assert.Equal(["authid", "secretHash", "realm", "role"], Items(authentication, "ticket").Properties.Keys);
        Assert.Equal(["authid", "secret", "salt", "iterations", "keylen", "realm", "role"], Items(authentication, "wampcra").Properties.Keys);
        Assert.Equal(["authid", "publicKeys", "realm", "role"], Items(authentication, "cryptosign").Properties.Keys);
    }

    [Fact]
    public void Listener_Members_AreTheContractNamesPlusSerializersAndSerialLineSettings()
    {
        var listener = Items(ConfigSchema.Root, "listeners");

        Assert.Equal(
            ["tcp", "websocket", "tls", "unix", "mode", "group", "rateLimit", "serial", "baud", "framing", "dataBits", "parity", "stopBits", "flowControl",
             "pingIntervalMs", "pingTimeoutMs", "line", "authMethods", "serializers"],
            listener.Properties.Keys);
        Assert.Equal(["realm", "authrole", "writeProcedure", "lineEnding", "rules"], listener.Properties["line"].Node.Properties.Keys);
        var rule = listener.Properties["line"].Node.Properties["rules"].Node.Items!;
        Assert.Equal(["format", "topic", "pattern", "fields"], rule.Properties.Keys);
        Assert.Equal(["key", "quantity", "type", "unit", "scale", "offset"], rule.Properties["fields"].Node.Items!.Properties.Keys);
        Assert.Equal(SchemaKind.Number, rule.Properties["fields"].Node.Items!.Properties["scale"].Node.Kind);
        Assert.Equal(["path", "allowedOrigins", "cookie", "bridge", "longPoll"], listener.Properties["websocket"].Node.Properties.Keys);
        Assert.Equal(["certificate", "key", "clientCertificates", "clientCa"], listener.Properties["tls"].Node.Properties.Keys);
        Assert.Equal(["messagesPerSecond", "burst"], listener.Properties["rateLimit"].Node.Properties.Keys);
        Assert.Equal(SchemaKind.Integer, listener.Properties["baud"].Node.Kind);
    }

    [Fact]
    public void Uplink_Members_AreTheContractNames()
    {
        var uplink = Items(ConfigSchema.Root, "uplinks");

        Assert.Equal(
            ["name", "url", "realm", "authentication", "prefix", "publish", "subscribe", "register", "call", "durable", "queue", "qos", "localRealm", "localAuthrole", "maxBackoffSeconds", "mqttVersion", "payload"],
            uplink.Properties.Keys);
        Assert.Equal(["method", "authid", "secret"], uplink.Properties["authentication"].Node.Properties.Keys);
        Assert.Equal(["maxBytes", "maxAgeSeconds", "fsync", "directory"], uplink.Properties["queue"].Node.Properties.Keys);
    }

    [Fact]
    public void Limits_Members_AreTheContractNamesPlusMaxOutboxBytes()
    {
        var limits = ConfigSchema.Root.Properties["limits"].Node;

        Assert.Equal(
            ["maxMessageSize", "maxSessions", "maxOutboxBytes", "maxSessionsPerRealm", "maxPendingCalls", "slowConsumer", "helloTimeoutMs", "handshakeTimeoutMs",
                "authFailureLimit", "authFailureWindowSeconds", "authFailureCooldownSeconds", "authFailureMaxAddresses", "authChallengeTimeoutSeconds"],
            limits.Properties.Keys);
        Assert.Equal((long.MinValue, long.MaxValue), (limits.Properties["maxOutboxBytes"].Node.Minimum, limits.Properties["maxOutboxBytes"].Node.Maximum));
    }

    [Fact]
    public void Properties_RequiredAndNullable_FollowTheModel()
    {
        var realm = Items(ConfigSchema.Root, "realms");
        var listener = Items(ConfigSchema.Root, "listeners");
        var wampcra = Items(ConfigSchema.Root.Properties["authentication"].Node, "wampcra");

        Assert.True(realm.Properties["name"].IsRequired);
        Assert.False(realm.Properties["name"].IsNullable);
        Assert.False(realm.Properties["roles"].IsRequired);
        Assert.True(listener.Properties["tcp"].IsNullable);
        Assert.True(listener.Properties["websocket"].IsNullable);
        Assert.False(listener.Properties["mode"].IsNullable);
        Assert.True(listener.Properties["authMethods"].IsRequired);
        Assert.True(wampcra.Properties["salt"].IsNullable);
        Assert.False(wampcra.Properties["iterations"].IsNullable);
    }

    private static SchemaNode Items(SchemaNode node, string arrayProperty)
    {
        var array = node.Properties[arrayProperty].Node;
        Assert.Equal(SchemaKind.Array, array.Kind);
        return array.Items!;
    }
}
