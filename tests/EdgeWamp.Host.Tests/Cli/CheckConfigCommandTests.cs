using EdgeWamp.Host.Cli;
using Xunit;

namespace EdgeWamp.Host.Tests.Cli;

public sealed class CheckConfigCommandTests
{
    [Fact]
    public void Run_ValidFile_PrintsOkWithCountsAndReturnsZero()
    {
        using var file = new TempFile(
            """
            { "realms": [ { "name": "realm1" } ],
              "listeners": [ { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"] },
                             { "unix": "edgewamp.sock", "authMethods": ["anonymous"] } ] }
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = CheckConfigCommand.Run(file.Path, stdout, stderr);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal($"{file.Path}: ok (1 realm, 2 listeners){Environment.NewLine}", stdout.ToString());
        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public void Run_InvalidFile_PrintsEveryErrorAsFileLineColumnPathMessageAndReturnsOne()
    {
        using var file = new TempFile(
            """
            {
              "realms": [ { "name": "wamp.x" } ],
              "listeners": [ { "tcp": "127.0.0.1:99999", "authMethods": ["anonymous"], "ssl": true } ]
            }
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = CheckConfigCommand.Run(file.Path, stdout, stderr);

        Assert.Equal(ExitCodes.InvalidConfig, exitCode);
        Assert.Empty(stdout.ToString());
        Assert.Equal(
            [
                $"{file.Path}:2:25: $.realms[0].name: 'wamp.x' is not a valid realm name: URIs starting with 'wamp.' are reserved by the WAMP specification",
                $"{file.Path}:3:27: $.listeners[0].tcp: '99999' is not a port number from 0 to 65535",
                $"{file.Path}:3:76: $.listeners[0].ssl: unknown property 'ssl'; expected one of: tcp, websocket, tls, unix, mode, group, rateLimit, serial, baud, framing, dataBits, parity, stopBits, flowControl, pingIntervalMs, pingTimeoutMs, line, authMethods, serializers",
            ],
            stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Run_MissingFile_PrintsTheReasonAndReturnsOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgewamp-missing-{Guid.NewGuid():N}.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = CheckConfigCommand.Run(path, stdout, stderr);

        Assert.Equal(ExitCodes.InvalidConfig, exitCode);
        Assert.Equal($"{path}: $: no such file{Environment.NewLine}", stderr.ToString());
    }

    [Fact]
    public void Run_SyntaxError_PrintsItsPosition()
    {
        using var file = new TempFile("{\n  \"realms\": [ { \"name\": \"r\" } ],,\n}");
        var stderr = new StringWriter();

        var exitCode = CheckConfigCommand.Run(file.Path, new StringWriter(), stderr);

        Assert.Equal(ExitCodes.InvalidConfig, exitCode);
        Assert.StartsWith($"{file.Path}:2:33: $: invalid JSON: ", stderr.ToString(), StringComparison.Ordinal);
    }
}
