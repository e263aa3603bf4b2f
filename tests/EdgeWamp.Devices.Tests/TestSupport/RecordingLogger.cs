using Microsoft.Extensions.Logging;

namespace EdgeWamp.Devices.Tests.TestSupport;

/// <summary>Keeps every log entry (event id, level, message), so tests can count what was logged.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, int Id, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, int Id, string Message)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public int Count(int eventId) => Entries.Count(entry => entry.Id == eventId);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _entries.Add((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
