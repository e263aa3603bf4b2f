using System.Text.Json;
using EdgeWamp.Host.Cli;
using EdgeWamp.Router.Authentication;
using Xunit;

namespace EdgeWamp.Host.Tests.Cli;

public sealed class HashSecretCommandTests
{
    [Fact]
    public void Run_SecretOnStdin_PrintsAHashThatMatchesIt()
    {
        (int code, string output, string error) = Run(["--iterations", "1000"], "my ticket\nignored\n");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(error);
        Assert.True(SecretHash.TryParse(output.Trim(), out SecretHash? hash, out string? why), why);
        Assert.True(hash.Matches("my ticket"u8));
        Assert.Equal(1000, hash.Iterations);
    }

    [Fact]
    public void Run_SecretAsArgument_UsesTheDefaultIterations()
    {
        (int code, string output, _) = Run(["abc"], string.Empty);

        Assert.Equal(ExitCodes.Success, code);
        Assert.StartsWith($"pbkdf2-sha256${SecretHash.DefaultIterations}$", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ScramPbkdf2_PrintsKeysThatVerifyTheProofOfThePassword()
    {
        (int code, string output, _) = Run(["--scram", "pbkdf2", "--iterations", "1000", "pencil"], string.Empty);

        Assert.Equal(ExitCodes.Success, code);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal("pbkdf2", root.GetProperty("kdf").GetString());
        Assert.Equal(1000, root.GetProperty("iterations").GetInt32());
        Assert.False(root.TryGetProperty("memory", out _));
        byte[] salt = Convert.FromBase64String(root.GetProperty("salt").GetString()!);
        (byte[] stored, byte[] server) = ScramKeys.Derive("pencil", ScramKdf.Pbkdf2, salt, 1000, 0);
        Assert.Equal(Convert.ToBase64String(stored), root.GetProperty("storedKey").GetString());
        Assert.Equal(Convert.ToBase64String(server), root.GetProperty("serverKey").GetString());
    }

    [Fact]
    public void Run_ScramArgonAutobahn_PrintsMemoryAndAutobahnKeys()
    {
        (int code, string output, _) = Run(["--scram", "argon2id13", "--autobahn", "--iterations", "2", "--memory", "1024"], "pencil\n");

        Assert.Equal(ExitCodes.Success, code);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(1024, root.GetProperty("memory").GetInt32());
        byte[] salt = Convert.FromBase64String(root.GetProperty("salt").GetString()!);
        (byte[] stored, _) = ScramKeys.Derive("pencil", ScramKdf.Argon2id13, salt, 2, 1024, autobahnArgon: true);
        Assert.Equal(Convert.ToBase64String(stored), root.GetProperty("storedKey").GetString());
    }

    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "--scram", "scrypt", "x" }, "")]
    [InlineData(new[] { "--iterations", "10", "x" }, "")]
    [InlineData(new[] { "--bogus" }, "x\n")]
    [InlineData(new[] { "a", "b" }, "")]
    public void Run_BadArguments_ExitsWithUsage(string[] args, string stdin)
    {
        (int code, string output, string error) = Run(args, stdin);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains("hash-secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HashSecret_KeepsTheArguments()
    {
        ParsedCommandLine parsed = CommandLine.Parse(["hash-secret", "--scram", "pbkdf2"]);

        Assert.Equal(CliCommand.HashSecret, parsed.Command);
        Assert.Equal(["--scram", "pbkdf2"], parsed.Arguments);
    }

    private static (int Code, string Output, string Error) Run(string[] args, string stdin)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = HashSecretCommand.Run(args, input, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
