using System.Globalization;
using EdgeWamp.Host.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeWamp.Host.Tests.Logging;

/// <summary>
/// The two line layouts, as the .NET simple console (single line, "HH:mm:ss.fff ") and systemd console loggers
/// wrote them before: tests/deploy and operators' greps depend on them.
/// </summary>
public sealed class LogLineFormatterTests
{
    private static readonly DateTime Time = new(2026, 11, 24, 9, 5, 7, 125, DateTimeKind.Utc);

    private static string LocalTime => TimeZoneInfo.ConvertTimeFromUtc(Time, TimeZoneInfo.Local).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Format(LogFormat format, LogLevel level, string message, Exception? exception = null, int eventId = 3000)
    {
        using var writer = new StringWriter();
        LogLineFormatter.Write(writer, format, new LogEntry(Time, level, "EdgeWamp.Transports", eventId, message, exception));
        return writer.ToString();
    }

    [Fact]
    public void Write_Console_TimeLevelCategoryEventIdMessage()
    {
        Assert.Equal(
            $"{LocalTime} info: EdgeWamp.Transports[3000] Listening for WAMP RawSocket on tcp://127.0.0.1:8080\n",
            Format(LogFormat.Console, LogLevel.Information, "Listening for WAMP RawSocket on tcp://127.0.0.1:8080"));
    }

    [Fact]
    public void Write_Journal_PriorityCategoryEventIdMessageWithoutTime()
    {
        Assert.Equal(
            "<4>EdgeWamp.Transports[3000] Listening for WAMP RawSocket on tcp://127.0.0.1:8080\n",
            Format(LogFormat.Journal, LogLevel.Warning, "Listening for WAMP RawSocket on tcp://127.0.0.1:8080"));
    }

    [Theory]
    [InlineData(LogLevel.Trace, "trce", "<7>")]
    [InlineData(LogLevel.Debug, "dbug", "<7>")]
    [InlineData(LogLevel.Information, "info", "<6>")]
    [InlineData(LogLevel.Warning, "warn", "<4>")]
    [InlineData(LogLevel.Error, "fail", "<3>")]
    [InlineData(LogLevel.Critical, "crit", "<2>")]
    public void Write_EachLevel_HasTheConsoleNameAndTheSyslogPriority(LogLevel level, string console, string journal)
    {
        Assert.Equal($"{LocalTime} {console}: EdgeWamp.Transports[7] m\n", Format(LogFormat.Console, level, "m", eventId: 7));
        Assert.Equal($"{journal}EdgeWamp.Transports[7] m\n", Format(LogFormat.Journal, level, "m", eventId: 7));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_MessageWithLineBreaks_StaysOneLine(bool journal)
    {
        string line = Format(journal ? LogFormat.Journal : LogFormat.Console, LogLevel.Error, "Reload: config.json is invalid (2 errors):\nconfig.json:3:5: one\r\nconfig.json:9:1: two");

        Assert.EndsWith("Reload: config.json is invalid (2 errors): config.json:3:5: one config.json:9:1: two\n", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Write_EmptyMessage_EndsAfterTheEventId()
    {
        Assert.Equal("<6>EdgeWamp.Transports[0]\n", Format(LogFormat.Journal, LogLevel.Information, "", eventId: 0));
    }

    [Fact]
    public void Write_ConsoleWithException_PutsTheExceptionOnIndentedFollowingLines()
    {
        Exception exception = Thrown();

        string[] lines = Format(LogFormat.Console, LogLevel.Error, "Reload failed unexpectedly", exception).Split('\n');

        Assert.Equal($"{LocalTime} fail: EdgeWamp.Transports[3000] Reload failed unexpectedly", lines[0]);
        Assert.Equal("      System.InvalidOperationException: the file vanished", lines[1]);
        Assert.StartsWith("         at EdgeWamp.Host.Tests.Logging.LogLineFormatterTests.Thrown()", lines[2], StringComparison.Ordinal);
        Assert.Equal("", lines[^1]);
        Assert.All(lines[1..^1], line => Assert.StartsWith("      ", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Write_JournalWithException_EveryExceptionLineCarriesThePriority()
    {
        Exception exception = Thrown();

        string[] lines = Format(LogFormat.Journal, LogLevel.Error, "Reload failed unexpectedly", exception).Split('\n');

        Assert.Equal("<3>EdgeWamp.Transports[3000] Reload failed unexpectedly", lines[0]);
        Assert.Equal("<3>      System.InvalidOperationException: the file vanished", lines[1]);
        Assert.True(lines.Length > 3, string.Join("\n", lines));
        Assert.All(lines[1..^1], line => Assert.StartsWith("<3>      ", line, StringComparison.Ordinal));
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("the file vanished");
        }
        catch (InvalidOperationException exception)
        {
            return exception;
        }
    }
}
