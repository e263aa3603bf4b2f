using System.Globalization;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Logging;

/// <summary>
/// Writes a <see cref="LogEntry"/> as one line in a <see cref="LogFormat"/>, and its exception, if any, on the
/// lines after it.
/// </summary>
/// <remarks>
/// The layouts are the ones the .NET simple console (single line) and systemd console loggers wrote, which the
/// deployment tests and operators' greps rely on. A line break inside a message becomes a space: one entry is one
/// line to grep. Exception lines are indented by six spaces (the width of <c>info: </c>); in the journal format
/// each carries the entry's priority too, so <c>journalctl -p err</c> shows the stack trace with its error.
/// </remarks>
internal static class LogLineFormatter
{
    /// <summary>The console format's time of day, with the space that separates it from the level.</summary>
    public const string TimestampFormat = "HH:mm:ss.fff ";

    private const string ExceptionIndent = "      ";

    public static void Write(TextWriter writer, LogFormat format, in LogEntry entry)
    {
        string prefix = format == LogFormat.Journal ? JournalPriority(entry.Level) : string.Empty;
        if (format == LogFormat.Journal)
        {
            writer.Write(prefix);
        }
        else
        {
            WriteTimestamp(writer, entry.Time);
            writer.Write(ConsoleLevel(entry.Level));
            writer.Write(": ");
        }

        writer.Write(entry.Category);
        writer.Write('[');
        WriteInteger(writer, entry.EventId);
        writer.Write(']');
        if (entry.Message.Length > 0)
        {
            writer.Write(' ');
            WriteOnOneLine(writer, entry.Message);
        }

        writer.Write('\n');
        if (entry.Exception is { } exception)
        {
            WriteException(writer, prefix, exception.ToString());
        }
    }

    /// <summary>The console format's level: the four letters the .NET console logger printed.</summary>
    public static string ConsoleLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    /// <summary>sd-daemon(3) priority prefixes: debug 7, info 6, warning 4, err 3, crit 2.</summary>
    public static string JournalPriority(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "<7>",
        LogLevel.Information => "<6>",
        LogLevel.Warning => "<4>",
        LogLevel.Error => "<3>",
        _ => "<2>",
    };

    private static void WriteTimestamp(TextWriter writer, DateTime utc)
    {
        Span<char> text = stackalloc char[16];
        if (utc.ToLocalTime().TryFormat(text, out int written, TimestampFormat, CultureInfo.InvariantCulture))
        {
            writer.Write(text[..written]);
        }
    }

    private static void WriteInteger(TextWriter writer, int value)
    {
        Span<char> text = stackalloc char[11];
        if (value.TryFormat(text, out int written, provider: CultureInfo.InvariantCulture))
        {
            writer.Write(text[..written]);
        }
    }

    // "\r\n" and "\n" each become one space.
    private static void WriteOnOneLine(TextWriter writer, ReadOnlySpan<char> message)
    {
        while (true)
        {
            int lineBreak = message.IndexOfAny('\r', '\n');
            if (lineBreak < 0)
            {
                writer.Write(message);
                return;
            }

            writer.Write(message[..lineBreak]);
            writer.Write(' ');
            int next = message[lineBreak] == '\r' && lineBreak + 1 < message.Length && message[lineBreak + 1] == '\n' ? lineBreak + 2 : lineBreak + 1;
            message = message[next..];
        }
    }

    private static void WriteException(TextWriter writer, string prefix, ReadOnlySpan<char> text)
    {
        foreach (Range range in text.Split('\n'))
        {
            ReadOnlySpan<char> line = text[range].TrimEnd('\r');
            if (line.IsEmpty)
            {
                continue;
            }

            writer.Write(prefix);
            writer.Write(ExceptionIndent);
            writer.Write(line);
            writer.Write('\n');
        }
    }
}
