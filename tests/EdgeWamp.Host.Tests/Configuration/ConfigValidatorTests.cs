using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

/// <summary>
/// The semantic rules, each through <see cref="EdgeWamp.Host.Configuration.ConfigLoader"/> so the position the
/// error is mapped back to is checked too. The offending value starts each assertion's line where it can.
/// </summary>
public sealed class ConfigValidatorTests
{
    [Fact]
    public void Validate_NoRealmsKey_ReportsAtTheRootObject()
    {
        var message = SingleError("{ }", "$.realms", 1, 1);

        Assert.Equal("at least one realm is required", message);
    }

    [Fact]
    public void Validate_EmptyRealms_ReportsAtTheArray()
    {
        SingleError("""{ "realms": [] }""", "$.realms", 1, 13);
    }

    [Theory]
    [InlineData("wamp.admin", "'wamp.admin' is not a valid realm name: URIs starting with 'wamp.' are reserved by the WAMP specification")]
    [InlineData("my realm", "'my realm' is not a valid realm name: it contains whitespace")]
    [InlineData("realm#1", "'realm#1' is not a valid realm name: it contains '#'")]
    [InlineData("com..example", "'com..example' is not a valid realm name: components between dots must not be empty")]
    [InlineData(".realm", "'.realm' is not a valid realm name: components between dots must not be empty")]
    [InlineData("", "a realm name must not be empty")]
    public void Validate_InvalidRealmName_ReportsWhy(string name, string expected)
    {
        var message = SingleError(
            $$"""
            { "realms": [
                { "name": "{{name}}" } ] }
            """,
            "$.realms[0].name",
            2,
            15);

        Assert.Equal(expected, message);
    }

    [Fact]
    public void Validate_DuplicateRealmName_ReportsTheSecond()
    {
        var message = SingleError(
            """
            { "realms": [
                { "name": "com.example" },
                { "name": "com.example" } ] }
            """,
            "$.realms[1].name",
            3,
            15);

        Assert.Equal("duplicate realm name 'com.example'", message);
    }

    [Fact]
    public void Validate_DuplicateRoleInOneRealm_IsAnErrorButNotAcrossRealms()
    {
        var message = SingleError(
            """
            { "realms": [
                { "name": "a", "roles": [ { "name": "reader" } ] },
                { "name": "b", "roles": [ { "name": "reader" },
                                          { "name": "reader" } ] } ] }
            """,
            "$.realms[1].roles[1].name",
            4,
            41);

        Assert.Equal("duplicate role name 'reader' in this realm", message);
    }

    [Theory]
    [InlineData("exact", "sensors.env.temperature")]
    [InlineData("prefix", "")]
    [InlineData("prefix", "sensors.te")]
    [InlineData("wildcard", "sensors..temperature")]
    [InlineData("wildcard", ".env.")]
    public void Validate_PermissionPatternValidForItsMatch_IsAccepted(string match, string uri)
    {
        var config = Valid(
            $$"""{ "realms": [ { "name": "r", "roles": [ { "name": "x", "permissions": [ { "uri": "{{uri}}", "match": "{{match}}", "allow": ["call"] } ] } ] } ] }""");

        Assert.Equal(match, config.Realms[0].Roles[0].Permissions[0].Match);
    }

    [Theory]
    [InlineData("exact", "", "an exact URI must not be empty; use \"match\": \"prefix\" with \"uri\": \"\" to cover every URI")]
    [InlineData("exact", "a..b", "'a..b' is not a valid URI: components between dots must not be empty")]
    [InlineData("prefix", "sensors. env", "'sensors. env' is not a valid URI prefix: it contains whitespace")]
    [InlineData("wildcard", "a.#", "'a.#' is not a valid wildcard pattern: it contains '#'")]
    public void Validate_PermissionPatternInvalidForItsMatch_ReportsAtTheUri(string match, string uri, string expected)
    {
        var message = SingleError(
            $$"""
            { "realms": [ { "name": "r", "roles": [ { "name": "x", "permissions": [ {
                "uri": "{{uri}}", "match": "{{match}}", "allow": ["call"] } ] } ] } ] }
            """,
            "$.realms[0].roles[0].permissions[0].uri",
            2,
            12);

        Assert.Equal(expected, message);
    }

    [Fact]
    public void Validate_UnknownMatch_ReportsAtTheMatch()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r", "roles": [ { "name": "x", "permissions": [ { "uri": "a",
                "match": "regex", "allow": ["call"] } ] } ] } ] }
            """,
            "$.realms[0].roles[0].permissions[0].match",
            2,
            14);

        Assert.Equal("unknown match 'regex'; expected one of: exact, prefix, wildcard", message);
    }

    [Fact]
    public void Validate_EmptyAllow_ReportsAtTheArray()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r", "roles": [ { "name": "x", "permissions": [ { "uri": "a",
                "allow": [] } ] } ] } ] }
            """,
            "$.realms[0].roles[0].permissions[0].allow",
            2,
            14);

        Assert.Equal("at least one action is required; choose from: call, register, publish, subscribe", message);
    }

    [Fact]
    public void Validate_AuthenticationEntryWithUnknownRealm_ReportsAtTheRealm()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "realm1", "roles": [ { "name": "anonymous" } ] } ],
              "authentication": { "anonymous": [ {
                "realm": "realm2", "role": "anonymous" } ] } }
            """,
            "$.authentication.anonymous[0].realm",
            3,
            14);

        Assert.Equal("realm 'realm2' is not defined in $.realms", message);
    }

    [Fact]
    public void Validate_AuthenticationEntryWithRoleOfAnotherRealm_ReportsAtTheRole()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "a", "roles": [ { "name": "admin" } ] },
                          { "name": "b", "roles": [ { "name": "reader" } ] } ],
              "authentication": { "ticket": [ { "authid": "alice", "secretHash": "pbkdf2-sha256$1000$m8rGiKbm+xAYc0WUOy6uIQ==$WGLTozf7BcUeNT+COF7C/zgXzbL04dsyHShXIQzTatE=", "realm": "b",
                "role": "admin" } ] } }
            """,
            "$.authentication.ticket[0].role",
            4,
            13);

        Assert.Equal("role 'admin' is not defined in realm 'b'", message);
    }

    [Fact]
    public void Validate_DuplicateAuthIdInOneRealmAndMethod_ReportsTheSecond()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r", "roles": [ { "name": "x" } ] } ],
              "authentication": { "wampcra": [
                { "authid": "bob", "secret": "s1", "realm": "r", "role": "x" },
                { "authid": "bob", "secret": "s2", "realm": "r", "role": "x" } ] } }
            """,
            "$.authentication.wampcra[1].authid",
            4,
            17);

        Assert.Equal("duplicate authid 'bob' for realm 'r' in this method", message);
    }

    [Fact]
    public void Validate_WampCraWithZeroIterations_ReportsAtIterations()
    {
        SingleError(
            """
            { "realms": [ { "name": "r", "roles": [ { "name": "x" } ] } ],
              "authentication": { "wampcra": [ { "authid": "bob", "secret": "s", "salt": "salt", "realm": "r", "role": "x",
                "iterations": 0 } ] } }
            """,
            "$.authentication.wampcra[0].iterations",
            3,
            19);
    }

    [Fact]
    public void Validate_CryptosignKeyThatIsNotHex_ReportsAtTheKey()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r", "roles": [ { "name": "x" } ] } ],
              "authentication": { "cryptosign": [ { "authid": "carol", "realm": "r", "role": "x", "publicKeys": [
                "not-a-key" ] } ] } }
            """,
            "$.authentication.cryptosign[0].publicKeys[0]",
            3,
            5);

        Assert.Equal("an Ed25519 public key is 64 hex digits", message);
    }

    [Fact]
    public void Validate_ListenerWithNoTransport_ReportsAtTheListener()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "listeners": [
                { "authMethods": ["anonymous"] } ] }
            """,
            "$.listeners[0]",
            2,
            5);

        Assert.Equal("a listener needs exactly one of 'tcp', 'unix' or 'serial'; found none", message);
    }

    [Fact]
    public void Validate_ListenerWithTwoTransports_ReportsAtTheListener()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "listeners": [
                { "tcp": "127.0.0.1:8080", "unix": "a.sock", "authMethods": ["anonymous"] } ] }
            """,
            "$.listeners[0]",
            2,
            5);

        Assert.Equal("a listener needs exactly one of 'tcp', 'unix' or 'serial'; found tcp and unix", message);
    }

    [Fact]
    public void Validate_InvalidTcpEndpoint_ReportsAtTheValue()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "listeners": [ {
                "tcp": "example.com:8080", "authMethods": ["anonymous"] } ] }
            """,
            "$.listeners[0].tcp",
            2,
            12);

        Assert.Equal("'example.com' is not an IPv4 address, a bracketed IPv6 address, 'localhost' or '*'", message);
    }

    [Fact]
    public void Validate_WebSocketOnAUnixListener_ReportsAtTheWebSocket()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "listeners": [ { "unix": "a.sock", "authMethods": ["anonymous"],
                "websocket": { "path": "/ws" } } ] }
            """,
            "$.listeners[0].websocket",
            2,
            18);

        Assert.Equal("'websocket' is only valid on a 'tcp' listener", message);
    }

    [Fact]
    public void Validate_WebSocketPathWithoutSlash_ReportsAtThePath()
    {
        SingleError(
            """
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "*:80", "authMethods": ["anonymous"], "websocket": {
                "path": "ws" } } ] }
            """,
            "$.listeners[0].websocket.path",
            2,
            13);
    }

    [Theory]
    [InlineData("660x")]
    [InlineData("0999")]
    [InlineData("66")]
    [InlineData("rw-rw----")]
    public void Validate_ModeThatIsNotOctal_ReportsAtTheMode(string mode)
    {
        var message = SingleError(
            $$"""
            { "realms": [ { "name": "r" } ], "listeners": [ { "unix": "a.sock", "authMethods": ["anonymous"],
                "mode": "{{mode}}" } ] }
            """,
            "$.listeners[0].mode",
            2,
            13);

        Assert.Equal($"'{mode}' is not an octal file mode such as \"0660\"", message);
    }

    [Fact]
    public void Validate_UnixPathLongerThanSunPath_ReportsAtThePath()
    {
        var path = "/run/" + new string('a', 103);

        var message = SingleError(
            $$"""
            { "realms": [ { "name": "r" } ], "listeners": [ { "authMethods": ["anonymous"],
                "unix": "{{path}}" } ] }
            """,
            "$.listeners[0].unix",
            2,
            13);

        Assert.Equal("a Unix socket path is at most 107 bytes long", message);
    }

    [Fact]
    public void Validate_UnknownFraming_ReportsAtTheFraming()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "listeners": [ { "serial": "/dev/ttyUSB0", "authMethods": ["anonymous"],
                "framing": "slip" } ] }
            """,
            "$.listeners[0].framing",
            2,
            16);

        Assert.Equal("unknown framing 'slip'; expected one of: rawsocket, cobs, line", message);
    }

    [Fact]
    public void Validate_EmptyAuthMethods_ReportsAtTheArray()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "*:80",
                "authMethods": [] } ] }
            """,
            "$.listeners[0].authMethods",
            2,
            20);

        Assert.Equal("at least one authentication method is required; choose from: anonymous, ticket, wampcra, cryptosign, scram, tls, cookie", message);
    }

    [Fact]
    public void Validate_UnknownAuthMethodAndSerializer_ReportsEachItem()
    {
        var errors = Errors(
            """
            { "realms": [ { "name": "r" } ], "listeners": [ { "tcp": "*:80",
                "authMethods": ["anonymous", "psk"],
                "serializers": ["cbor", "xml"] } ] }
            """);

        Assert.Equal(
            [
                ("$.listeners[0].authMethods[1]", 2, 34, "unknown authentication method 'psk'; expected one of: anonymous, ticket, wampcra, cryptosign, scram, tls, cookie"),
                ("$.listeners[0].serializers[1]", 3, 29, "unknown serializer 'xml'; expected one of: json, msgpack, cbor, ubjson"),
            ],
            errors.Select(e => (e.Path, e.Line, e.Column, e.Message)));
    }

    [Theory]
    [InlineData(511)]
    [InlineData(16777217)]
    public void Validate_MaxMessageSizeOutsideRawSocketRange_ReportsTheRange(int size)
    {
        var message = SingleError(
            $$"""
            { "realms": [ { "name": "r" } ], "limits": { "maxOutboxBytes": 67108864,
                "maxMessageSize": {{size}} } }
            """,
            "$.limits.maxMessageSize",
            2,
            23);

        Assert.Equal($"{size} is out of range; RawSocket allows 512 to 16777216 bytes", message);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(16777216)]
    public void Validate_MaxMessageSizeAtRawSocketBounds_IsAccepted(int size)
    {
        var config = Valid($$"""{ "realms": [ { "name": "r" } ], "limits": { "maxMessageSize": {{size}}, "maxOutboxBytes": 16777216 } }""");

        Assert.Equal(size, config.Limits.MaxMessageSize);
    }

    [Fact]
    public void Validate_ZeroMaxSessions_ReportsAtTheValue()
    {
        SingleError(
            """
            { "realms": [ { "name": "r" } ], "limits": {
                "maxSessions": 0 } }
            """,
            "$.limits.maxSessions",
            2,
            20);
    }

    [Fact]
    public void Validate_OutboxSmallerThanOneMessage_ReportsAtTheOutbox()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "limits": { "maxMessageSize": 65536,
                "maxOutboxBytes": 1024 } }
            """,
            "$.limits.maxOutboxBytes",
            2,
            23);

        Assert.Equal("1024 is smaller than maxMessageSize (65536); an outbox must hold at least one message", message);
    }

    [Fact]
    public void Validate_UplinkWithUnknownScheme_ReportsAtTheUrl()
    {
        SingleError(
            """
            { "realms": [ { "name": "r" } ], "uplinks": [ { "name": "cloud", "realm": "fleet",
                "url": "http://cloud.example" } ] }
            """,
            "$.uplinks[0].url",
            2,
            12);
    }

    [Fact]
    public void Validate_WampUplinkWithoutRealm_ReportsAtTheUplink()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "uplinks": [
                { "name": "cloud", "url": "wss://cloud.example/ws" } ] }
            """,
            "$.uplinks[0].realm",
            2,
            5);

        Assert.Equal("a WAMP uplink needs the upstream 'realm' to join", message);
    }

    [Fact]
    public void Validate_DurablePrefixNotPublished_ReportsAtTheDurableItem()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "r" } ], "uplinks": [ { "name": "cloud", "url": "rs://cloud.example:8080", "realm": "fleet",
                "publish": ["sensors."], "durable": ["sensors.env.", "system."] } ] }
            """,
            "$.uplinks[0].durable[1]",
            2,
            58);

        Assert.Equal("'system.' is not published upstream; add it, or a prefix of it, to 'publish'", message);
    }

    [Fact]
    public void Validate_MqttQosAboveTwo_ReportsAtTheQos()
    {
        SingleError(
            """
            { "realms": [ { "name": "r" } ], "uplinks": [ { "name": "broker", "url": "mqtt://broker.example:1883",
                "qos": 3 } ] }
            """,
            "$.uplinks[0].qos",
            2,
            12);
    }

    [Fact]
    public void Validate_DuplicateUplinkNameAndBadAuthMethod_ReportsBoth()
    {
        var errors = Errors(
            """
            { "realms": [ { "name": "r" } ], "uplinks": [
                { "name": "up", "url": "mqtt://a.example" },
                { "name": "up", "url": "mqtt://b.example", "authentication": { "method": "password" } } ] }
            """);

        Assert.Equal(
            [("$.uplinks[1].name", 3, 15), ("$.uplinks[1].authentication.method", 3, 78)],
            errors.Select(e => (e.Path, e.Line, e.Column)));
    }
}
