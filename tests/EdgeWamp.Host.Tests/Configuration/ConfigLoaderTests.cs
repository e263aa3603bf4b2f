using System.Text;
using EdgeWamp.Host.Configuration;
using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    // DESIGN.md's example, verbatim but for real values where it shows placeholders (the public key is checked as hex).
    private const string DesignExample =
        """
        {
          "board": "sim",
          "realms": [
            { "name": "realm1",
              "roles": [
                { "name": "anonymous",
                  "permissions": [ { "uri": "", "match": "prefix",
                                     "allow": ["call", "register", "publish", "subscribe"] } ] },
                { "name": "reader",
                  "permissions": [ { "uri": "sensors.", "match": "prefix", "allow": ["subscribe", "call"] } ] } ] } ],
          "authentication": {
            "anonymous":  [ { "realm": "realm1", "role": "anonymous" } ],
            "ticket":     [ { "authid": "alice", "secretHash": "pbkdf2-sha256$1000$m8rGiKbm+xAYc0WUOy6uIQ==$WGLTozf7BcUeNT+COF7C/zgXzbL04dsyHShXIQzTatE=", "realm": "realm1", "role": "reader" } ],
            "wampcra":    [ { "authid": "bob", "secret": "...", "realm": "realm1", "role": "reader" } ],
            "cryptosign": [ { "authid": "carol", "publicKeys": ["4a8e2b1c9d0f3e5a7b6c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c"], "realm": "realm1", "role": "reader" } ] },
          "listeners": [
            { "tcp": "127.0.0.1:8080", "websocket": { "path": "/ws" }, "authMethods": ["anonymous"] },
            { "unix": "/run/edgewamp/edgewamp.sock", "mode": "0660", "authMethods": ["anonymous"] },
            { "serial": "/dev/ttyUSB0", "baud": 115200, "framing": "rawsocket", "authMethods": ["anonymous"] } ],
          "uplinks": [
            { "name": "cloud", "url": "rs://cloud.example:8080", "realm": "fleet",
              "authentication": { "method": "ticket", "authid": "pi7", "secret": "..." },
              "prefix": "devices.pi7.",
              "publish": ["sensors.", "system."], "subscribe": ["commands."],
              "register": ["gpio."], "call": ["cloud."],
              "durable": ["sensors."], "queue": { "maxBytes": 10485760, "maxAgeSeconds": 86400 } },
            { "name": "broker", "url": "mqtt://broker.example:1883", "prefix": "devices/pi7/",
              "publish": ["sensors."], "subscribe": ["commands."], "qos": 1 } ],
          "limits": { "maxMessageSize": 1048576, "maxSessions": 10000 }
        }
        """;

    [Fact]
    public void LoadDefault_EmbeddedResource_IsValidWithTheDocumentedShape()
    {
        var result = ConfigLoader.LoadDefault();

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var config = result.Config;
        Assert.Equal(ConfigLoader.DefaultSourceName, result.Source);
        Assert.Equal("sim", config.Board);
        var realm = Assert.Single(config.Realms);
        Assert.Equal("realm1", realm.Name);
        var role = Assert.Single(realm.Roles);
        Assert.Equal("anonymous", role.Name);
        var permission = Assert.Single(role.Permissions);
        Assert.Equal(("", "prefix"), (permission.Uri, permission.Match));
        Assert.Equal(["call", "register", "publish", "subscribe"], permission.Allow);
        var anonymous = Assert.Single(config.Authentication.Anonymous);
        Assert.Equal(("realm1", "anonymous"), (anonymous.Realm, anonymous.Role));
        Assert.Collection(
            config.Listeners,
            tcp =>
            {
                Assert.Equal("127.0.0.1:8080", tcp.Tcp);
                Assert.Equal("/ws", tcp.WebSocket?.Path);
                Assert.Equal(["anonymous"], tcp.AuthMethods);
            },
            unix =>
            {
                Assert.Equal("edgewamp.sock", unix.Unix);
                Assert.Equal("0660", unix.Mode);
                Assert.Equal(["anonymous"], unix.AuthMethods);
            });
    }

    [Fact]
    public void Load_DesignExample_IsValidAndKeepsEveryValue()
    {
        var config = Valid(DesignExample);

        Assert.Equal(["anonymous", "reader"], config.Realms[0].Roles.Select(role => role.Name));
        Assert.StartsWith("pbkdf2-sha256$1000$", config.Authentication.Ticket[0].SecretHash, StringComparison.Ordinal);
        Assert.Equal(("bob", "..."), (config.Authentication.WampCra[0].AuthId, config.Authentication.WampCra[0].Secret));
        Assert.Equal("carol", config.Authentication.Cryptosign[0].AuthId);
        Assert.Equal(("/dev/ttyUSB0", 115200, "rawsocket"), (config.Listeners[2].Serial, config.Listeners[2].Baud, config.Listeners[2].Framing));
        var cloud = config.Uplinks[0];
        Assert.Equal(("ticket", "pi7", "..."), (cloud.Authentication?.Method, cloud.Authentication?.AuthId, cloud.Authentication?.Secret));
        Assert.Equal(["gpio."], cloud.Register);
        Assert.Equal((10485760L, 86400), (cloud.Queue.MaxBytes, cloud.Queue.MaxAgeSeconds));
        Assert.Equal(("devices/pi7/", 1), (config.Uplinks[1].Prefix, config.Uplinks[1].Qos));
        Assert.Equal((1048576, 10000), (config.Limits.MaxMessageSize, config.Limits.MaxSessions));
    }

    [Fact]
    public void Load_OmittedOptionalValues_GetEdgeDefaults()
    {
        var config = Valid("""{ "realms": [ { "name": "realm1" } ], "listeners": [ { "serial": "/dev/ttyS0", "authMethods": ["anonymous"] } ] }""");

        var listener = config.Listeners[0];
        Assert.Equal("sim", config.Board);
        Assert.Equal(["json", "msgpack", "cbor"], listener.Serializers);
        Assert.Equal((115200, "rawsocket", "0660"), (listener.Baud, listener.Framing, listener.Mode));
        Assert.Equal(1024 * 1024, config.Limits.MaxMessageSize);
        Assert.Equal(4L * 1024 * 1024, config.Limits.MaxOutboxBytes);
        Assert.Equal(1024, config.Limits.MaxSessions);
    }

    [Fact]
    public void Load_ExtensionKeys_AreRead()
    {
        var config = Valid(
            """
            { "realms": [ { "name": "realm1" } ],
              "listeners": [ { "tcp": "*:9000", "serializers": ["cbor", "ubjson"], "authMethods": ["ticket"] } ],
              "limits": { "maxOutboxBytes": 2097152 } }
            """);

        Assert.Equal(["cbor", "ubjson"], config.Listeners[0].Serializers);
        Assert.Equal(2097152L, config.Limits.MaxOutboxBytes);
    }

    [Fact]
    public void Load_SyntaxError_ReportsItsLineAndColumn()
    {
        var message = SingleError(
            """
            {
              "board": "sim",
              "realms": [ }
            }
            """,
            "$.realms",
            3,
            15);

        Assert.StartsWith("invalid JSON: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnterminatedDocument_ReportsSyntaxErrorAtTheEnd()
    {
        var message = SingleError("{\n  \"board\": \"sim\",\n", "$", 3, 1);

        Assert.StartsWith("invalid JSON: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ContentAfterTheRootObject_IsASyntaxError()
    {
        SingleError("""{ "realms": [ { "name": "realm1" } ] } x""", "$", 1, 40);
    }

    [Fact]
    public void Load_SyntaxErrorAfterOtherErrors_ReportsThemAll()
    {
        var errors = Errors(
            """
            {
              "bord": "sim",
              "realms": [ { "name": "realm1" } ]
              "limits": {}
            }
            """);

        Assert.Equal([("$.bord", 2, 3), ("$", 4, 3)], errors.Select(e => (e.Path, e.Line, e.Column)));
        Assert.StartsWith("invalid JSON: ", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyDocument_ReportsAnEmptyFile()
    {
        var message = SingleError("  \n", "$", 1, 1);

        Assert.Equal("the file is empty; expected an object", message);
    }

    [Fact]
    public void Load_ByteOrderMark_IsIgnored()
    {
        var json = Encoding.UTF8.GetBytes("""{ "realms": [ { "name": "realm1" } ], "bad": 1 }""");
        var withBom = (byte[])[0xEF, 0xBB, 0xBF, .. json];

        var error = Assert.Single(ConfigLoader.Load(withBom, Source).Errors);

        Assert.Equal(("$.bad", 1, 39), (error.Path, error.Line, error.Column));
    }

    [Fact]
    public void Load_InvalidUtf8InAString_ReportsTheValueAndGoesOn()
    {
        var json = (byte[])[.. "{ \"board\": \""u8, 0xC3, 0x28, .. "\", \"realms\": [ { \"name\": \"wamp.x\" } ] }"u8];

        var errors = ConfigLoader.Load(json, Source).Errors;

        Assert.Equal(
            [
                ("$.board", 1, 12, "the text is not valid Unicode (invalid UTF-8, or an unpaired surrogate escape such as \\ud800)"),
                ("$.realms[0].name", 1, 40, "'wamp.x' is not a valid realm name: URIs starting with 'wamp.' are reserved by the WAMP specification"),
            ],
            errors.Select(e => (e.Path, e.Line, e.Column, e.Message)));
    }

    [Fact]
    public void Load_LoneSurrogateEscapeInAValue_ReportsTheValue()
    {
        SingleError("""{ "realms": [ { "name": "realm\ud800" } ] }""", "$.realms[0].name", 1, 25);
    }

    [Fact]
    public void Load_LoneSurrogateEscapeInAKey_ReportsTheObjectAndSkipsTheMember()
    {
        SingleError("""{ "realms": [ { "name": "realm1", "x\udc00": {} } ] }""", "$.realms[0]", 1, 35);
    }

    [Fact]
    public void Load_CommentsAndTrailingCommas_AreAccepted()
    {
        var config = Valid(
            """
            {
              // Hand-edited files carry notes.
              "board": "sim", /* inline */
              "realms": [ { "name": "realm1", }, ],
            }
            """);

        Assert.Equal("realm1", config.Realms[0].Name);
    }

    [Fact]
    public void Load_NonAsciiTextBeforeAnError_CountsColumnsInCharacters()
    {
        // "é" is two bytes in UTF-8 but one column in an editor.
        SingleError("""{ "devices": { "sysfsRoot": "é" }, "x": 1, "realms": [ { "name": "realm1" } ] }""", "$.x", 1, 36);
    }

    [Fact]
    public void Load_SeveralErrors_ReportsEveryOneInDocumentOrder()
    {
        var errors = Errors(
            """
            {
              "realms": [
                { "name": "wamp.admin",
                  "rolez": [] }
              ],
              "listeners": [
                { "tcp": "127.0.0.1:80800", "authMethods": ["anonymous"] },
                { "unix": "a.sock", "mode": 660, "authMethods": ["psk"] }
              ],
              "limits": { "maxMessageSize": 100, "maxSessions": 0 }
            }
            """);

        Assert.Equal(
            [
                ("$.realms[0].name", 3, 15),
                ("$.realms[0].rolez", 4, 7),
                ("$.listeners[0].tcp", 7, 14),
                ("$.listeners[1].mode", 8, 33),
                ("$.listeners[1].authMethods[0]", 8, 54),
                ("$.limits.maxMessageSize", 10, 33),
                ("$.limits.maxSessions", 10, 53),
            ],
            errors.Select(e => (e.Path, e.Line, e.Column)));
    }

    [Fact]
    public void Load_ErrorsAtOneValue_AreNotRepeatedBySemanticChecks()
    {
        // The wrong type already explains the realm; "at least one realm" would only repeat it.
        var message = SingleError("""{ "realms": {} }""", "$.realms", 1, 13);

        Assert.Equal("expected an array, found an object", message);
    }

    [Fact]
    public void Load_MutatedDesignExample_NeverThrowsAndAlwaysLocatesErrors()
    {
        // Deterministic mutations (delete, insert, replace one byte) of a rich document: whatever the damage,
        // the loader answers with errors inside the text, never with an exception.
        var original = Encoding.UTF8.GetBytes(DesignExample);
        var random = new Random(20240601);
        byte[] alphabet = [.. "{}[]:,\"0-1.e tnfaxu\\/#\n"u8, 0xC3, 0xFF];
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new List<byte>(original);
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0:
                        bytes.RemoveAt(at);
                        break;
                    case 1:
                        bytes.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    default:
                        bytes[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                }
            }

            var result = ConfigLoader.Load(bytes.ToArray(), Source);

            var lineCount = bytes.Count(b => b == (byte)'\n') + 1;
            Assert.Equal(result.IsValid, result.Errors.Count == 0);
            Assert.All(result.Errors, error => Assert.InRange(error.Line, 1, lineCount));
            Assert.All(result.Errors, error => Assert.StartsWith("$", error.Path, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void LoadFile_MissingFile_ReportsNoSuchFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgewamp-missing-{Guid.NewGuid():N}.json");

        var result = ConfigLoader.LoadFile(path);

        var error = Assert.Single(result.Errors);
        Assert.False(result.IsValid);
        Assert.Equal((path, "$", TextPosition.None), (error.Source, error.Path, error.Position));
        Assert.Equal($"{path}: $: no such file", error.ToString());
    }

    [Fact]
    public void LoadFile_FileWithErrors_NamesTheFileInEachError()
    {
        using var file = new TempFile("""{ "realms": [ { "name": "realm1" } ], "x": 1 }""");

        var error = Assert.Single(ConfigLoader.LoadFile(file.Path).Errors);

        Assert.Equal($"{file.Path}:1:39: $.x: unknown property 'x'; expected one of: board, realms, authentication, listeners, uplinks, limits, devices", error.ToString());
    }

    [Fact]
    public void LoadFile_ValidFile_ReturnsTheConfig()
    {
        using var file = new TempFile("""{ "board": "rpi4", "realms": [ { "name": "realm1" } ] }""");

        var result = ConfigLoader.LoadFile(file.Path);

        Assert.True(result.IsValid);
        Assert.Equal(file.Path, result.Source);
        Assert.Equal("rpi4", result.Config.Board);
    }
}
