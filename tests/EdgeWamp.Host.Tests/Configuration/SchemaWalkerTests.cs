using System.Text;
using EdgeWamp.Host.Configuration;
using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class SchemaWalkerTests
{
    [Fact]
    public void Walk_UnknownRootKeyCloseToAKnownOne_SuggestsIt()
    {
        var message = SingleError(
            """
            {
              "bord": "sim",
              "realms": [ { "name": "realm1" } ]
            }
            """,
            "$.bord",
            2,
            3);

        Assert.Equal("unknown property 'bord'; did you mean 'board'?", message);
    }

    [Fact]
    public void Walk_UnknownNestedKey_ReportsItsFullPathAndTheKeyPosition()
    {
        var message = SingleError(
            """
            {
              "realms": [ { "name": "realm1" } ],
              "listeners": [
                { "unix": "a.sock", "authMethods": ["anonymous"] },
                { "tcp": "127.0.0.1:8080",
                  "websocket": { "path": "/ws", "compression": true },
                  "authMethods": ["anonymous"] }
              ]
            }
            """,
            "$.listeners[1].websocket.compression",
            6,
            37);

        Assert.Equal("unknown property 'compression'; expected one of: path, allowedOrigins, cookie, bridge, longPoll", message);
    }

    [Fact]
    public void Walk_UnknownKeyWithDifferentCase_SuggestsTheContractSpellingAndMissesTheRequiredOne()
    {
        var errors = Errors(
            """
            { "realms": [ { "name": "realm1" } ],
              "listeners": [ { "tcp": "127.0.0.1:1", "authmethods": ["anonymous"] } ] }
            """);

        Assert.Equal(
            [
                ("$.listeners[0].authMethods", 2, 18, "missing required property 'authMethods'"),
                ("$.listeners[0].authmethods", 2, 42, "unknown property 'authmethods'; did you mean 'authMethods'?"),
            ],
            errors.Select(e => (e.Path, e.Line, e.Column, e.Message)));
    }

    [Fact]
    public void Walk_UnknownKeyThatIsNoIdentifier_UsesTheBracketPath()
    {
        SingleError("""{ "realms": [ { "name": "realm1" } ], "max size": 1 }""", "$['max size']", 1, 39);
    }

    [Fact]
    public void Walk_StringWhereIntegerExpected_ReportsBothTypes()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "realm1" } ],
              "limits": { "maxSessions": "many" } }
            """,
            "$.limits.maxSessions",
            2,
            30);

        Assert.Equal("expected an integer, found a string", message);
    }

    [Fact]
    public void Walk_FractionWhereIntegerExpected_ShowsTheNumber()
    {
        var message = SingleError("""{ "realms": [ { "name": "realm1" } ], "limits": { "maxSessions": 1.5 } }""", "$.limits.maxSessions", 1, 66);

        Assert.Equal("expected an integer, found 1.5", message);
    }

    [Fact]
    public void Walk_IntegerBeyondTheModelType_ReportsTheRange()
    {
        var message = SingleError("""{ "realms": [ { "name": "realm1" } ], "limits": { "maxSessions": 3000000000 } }""", "$.limits.maxSessions", 1, 66);

        Assert.Equal("3000000000 is out of range; expected an integer from -2147483648 to 2147483647", message);
    }

    [Fact]
    public void Walk_NullForAValueThatMustBeSet_IsATypeError()
    {
        var message = SingleError("""{ "board": null, "realms": [ { "name": "realm1" } ] }""", "$.board", 1, 12);

        Assert.Equal("expected a string, found null", message);
    }

    [Fact]
    public void Walk_NullForAnOptionalObject_MeansNotSet()
    {
        var config = Valid("""{ "realms": [ { "name": "realm1" } ], "listeners": [ { "tcp": "*:1", "websocket": null, "authMethods": ["ticket"] } ] }""");

        Assert.Null(config.Listeners[0].WebSocket);
    }

    [Fact]
    public void Walk_ObjectWhereArrayExpected_ReportsOnceAtTheValue()
    {
        var message = SingleError("""{ "realms": [ { "name": "realm1", "roles": { "name": "admin" } } ] }""", "$.realms[0].roles", 1, 44);

        Assert.Equal("expected an array, found an object", message);
    }

    [Fact]
    public void Walk_WrongTypedArrayItem_ReportsItsIndexAndKeepsCheckingTheRest()
    {
        var errors = Errors(
            """
            { "realms": [ { "name": "realm1", "roles": [ { "name": "r",
                "permissions": [ { "uri": "", "match": "prefix", "allow": ["call", 5, "fly"] } ] } ] } ] }
            """);

        Assert.Equal(
            [
                ("$.realms[0].roles[0].permissions[0].allow[1]", 2, 72, "expected a string, found a number"),
                ("$.realms[0].roles[0].permissions[0].allow[2]", 2, 75, "unknown action 'fly'; expected one of: call, register, publish, subscribe"),
            ],
            errors.Select(e => (e.Path, e.Line, e.Column, e.Message)));
    }

    [Fact]
    public void Walk_RootThatIsNotAnObject_ReportsOneError()
    {
        var message = SingleError("[1, 2]", "$", 1, 1);

        Assert.Equal("expected an object, found an array", message);
    }

    [Fact]
    public void Walk_DuplicateKey_IsAnError()
    {
        var message = SingleError(
            """
            { "board": "sim",
              "realms": [ { "name": "realm1" } ],
              "board": "pi4" }
            """,
            "$.board",
            3,
            3);

        Assert.Equal("duplicate property 'board'; each property may appear once", message);
    }

    [Fact]
    public void Walk_MissingRequiredMember_IsReportedWhereItsObjectStarts()
    {
        var message = SingleError(
            """
            { "realms": [ { "name": "realm1" },
                          { "roles": [] } ] }
            """,
            "$.realms[1].name",
            2,
            15);

        Assert.Equal("missing required property 'name'", message);
    }

    [Fact]
    public void Walk_SeveralMissingRequiredMembers_ReportsEach()
    {
        var errors = Errors("""{ "realms": [ { "name": "realm1" } ], "authentication": { "ticket": [ { "realm": "realm1" } ] } }""");

        Assert.Equal(
            [
                ("$.authentication.ticket[0].authid", 1, 71),
                ("$.authentication.ticket[0].secretHash", 1, 71),
                ("$.authentication.ticket[0].role", 1, 71),
            ],
            errors.Select(e => (e.Path, e.Line, e.Column)));
    }

    [Fact]
    public void Walk_DocumentWithStrayKeys_WritesACleanedCopyWithoutThem()
    {
        var text = new SourceText(Encoding.UTF8.GetBytes("""{ "x": { "y": 1 }, "board": "pi4", "limits": { "maxSessions": "a" }, "realms": [ { } ] }"""));

        var result = SchemaWalker.Walk(text, Source, ConfigSchema.Root);

        Assert.NotNull(result.CleanedUtf8);
        Assert.Equal("""{"board":"pi4","limits":{},"realms":[{"name":""}]}""", Encoding.UTF8.GetString(result.CleanedUtf8));
        Assert.Equal(["$.x", "$.limits.maxSessions", "$.realms[0].name"], result.ErrorPaths);
    }

    [Fact]
    public void Walk_SyntaxError_WritesNoCleanedCopy()
    {
        var result = SchemaWalker.Walk(new SourceText("{ \"board\": }"u8.ToArray()), Source, ConfigSchema.Root);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.CleanedUtf8);
        Assert.Equal(("$.board", 1, 12), (error.Path, error.Line, error.Column));
    }

    [Fact]
    public void Walk_Values_RecordsWhereEachStarts()
    {
        var text = new SourceText("{\n \"realms\": [\n  { \"name\": \"r\" } ] }"u8.ToArray());

        var result = SchemaWalker.Walk(text, Source, ConfigSchema.Root);

        Assert.Equal(new TextPosition(2, 12), text.GetPosition(result.Locations.Find("$.realms")));
        Assert.Equal(new TextPosition(3, 13), text.GetPosition(result.Locations.Find("$.realms[0].name")));
        Assert.Equal(new TextPosition(3, 3), text.GetPosition(result.Locations.Find("$.realms[0].roles")));
    }
}
