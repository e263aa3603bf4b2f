namespace EdgeWamp.Host.Logging;

/// <summary>How each log entry is written as a line.</summary>
internal enum LogFormat
{
    /// <summary>
    /// For a terminal or a file: <c>14:03:07.125 info: Category[EventId] message</c>, the local time first
    /// (the layout of the .NET simple console logger in single-line mode, which EdgeWamp used before).
    /// </summary>
    Console,

    /// <summary>
    /// For the systemd journal (<c>JOURNAL_STREAM</c> set): <c>&lt;6&gt;Category[EventId] message</c>, the
    /// sd-daemon(3) syslog priority first and no timestamp, since journald records its own.
    /// </summary>
    Journal,
}
