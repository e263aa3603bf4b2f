using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.Tests.TestSupport;

/// <summary>Keeps every log entry so a test can fail on errors (STYLE.md, "Testing": tests fail on errors in the log).</summary>
internal sealed class TestLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> _entries = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));

    public bool Contains(int eventId) => _entries.Any(e => e.EventId.Id == eventId);

    /// <summary>The messages logged at <paramref name="minimum"/> or above, in order.</summary>
    public List<string> Messages(LogLevel minimum = LogLevel.Information) =>
        [.. _entries.Where(e => e.Level >= minimum).Select(e => e.Message)];

    public void AssertNoErrors()
    {
        var errors = _entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.EventId.Id} {e.Message}: {e.Exception}").ToList();
        Assert.True(errors.Count == 0, "Errors were logged:\n" + string.Join('\n', errors));
    }
}
