using EdgeWamp.Host.Cli;
using Xunit;

namespace EdgeWamp.Host.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_Run_HasNoConfigPath()
    {
        Assert.Equal(new ParsedCommandLine(CliCommand.Run), CommandLine.Parse(["run"]));
    }

    [Theory]
    [InlineData("--config", "/etc/edgewamp/alt.json")]
    [InlineData("-c", "alt.json")]
    public void Parse_RunWithConfigOption_TakesTheFile(string option, string file)
    {
        Assert.Equal(new ParsedCommandLine(CliCommand.Run, file), CommandLine.Parse(["run", option, file]));
    }

    [Fact]
    public void Parse_RunWithConfigEqualsForm_TakesTheFile()
    {
        Assert.Equal(new ParsedCommandLine(CliCommand.Run, "a=b.json"), CommandLine.Parse(["run", "--config=a=b.json"]));
    }

    [Theory]
    [InlineData(new[] { "run", "--config" }, "'--config' needs a file name")]
    [InlineData(new[] { "run", "-c" }, "'-c' needs a file name")]
    [InlineData(new[] { "run", "--config=" }, "the --config file name must not be empty")]
    [InlineData(new[] { "run", "-c", "a.json", "--config", "b.json" }, "--config may be given once")]
    [InlineData(new[] { "run", "--verbose" }, "unknown argument '--verbose' for 'run'")]
    [InlineData(new[] { "run", "a.json" }, "unknown argument 'a.json' for 'run'")]
    [InlineData(new[] { "check-config" }, "'check-config' needs a file name")]
    [InlineData(new[] { "check-config", "" }, "the check-config file name must not be empty")]
    [InlineData(new[] { "check-config", "a.json", "b.json" }, "'check-config' takes exactly one file name")]
    [InlineData(new[] { "check-config", "--strict" }, "unknown argument '--strict' for 'check-config'")]
    [InlineData(new[] { "version", "x" }, "'version' takes no arguments")]
    [InlineData(new[] { "--help", "run" }, "'--help' takes no arguments")]
    [InlineData(new[] { "start" }, "unknown command 'start'")]
    [InlineData(new[] { "--config", "a.json" }, "unknown command '--config'")]
    public void Parse_BadArguments_IsAUsageErrorSayingWhy(string[] args, string expected)
    {
        Assert.Equal(ParsedCommandLine.Usage(expected), CommandLine.Parse(args));
    }

    [Fact]
    public void Parse_CheckConfig_TakesTheFile()
    {
        Assert.Equal(new ParsedCommandLine(CliCommand.CheckConfig, "config.json"), CommandLine.Parse(["check-config", "config.json"]));
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public void Parse_VersionSpellings_AreVersion(string arg)
    {
        Assert.Equal(CliCommand.Version, CommandLine.Parse([arg]).Command);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("-h")]
    public void Parse_HelpSpellings_AreHelp(string arg)
    {
        Assert.Equal(CliCommand.Help, CommandLine.Parse([arg]).Command);
    }

    [Fact]
    public void Parse_NoArguments_IsHelp()
    {
        Assert.Equal(CliCommand.Help, CommandLine.Parse([]).Command);
    }

    [Fact]
    public void UsageText_NamesEveryCommand()
    {
        Assert.Contains("run [--config FILE]", CommandLine.UsageText, StringComparison.Ordinal);
        Assert.Contains("check-config FILE", CommandLine.UsageText, StringComparison.Ordinal);
        Assert.Contains("--version", CommandLine.UsageText, StringComparison.Ordinal);
        Assert.Contains("--help", CommandLine.UsageText, StringComparison.Ordinal);
    }
}
