using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Logging;

/// <summary>One log entry, its message already formatted, waiting to be written.</summary>
/// <param name="Time">When it was logged (UTC; the console format shows it in local time).</param>
internal readonly record struct LogEntry(DateTime Time, LogLevel Level, string Category, int EventId, string Message, Exception? Exception);
