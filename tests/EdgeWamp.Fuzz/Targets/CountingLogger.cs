using Microsoft.Extensions.Logging;

namespace EdgeWamp.Fuzz.Targets;

/// <summary>Counts the router's log lines at Information and above, and keeps the last; Error and above are findings.</summary>
internal sealed class CountingLogger : ILogger<EdgeWamp.Router.WampRouter>
{
    public int Lines { get; private set; }

    public string? Last { get; private set; }

    public string? FirstError { get; set; }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel < LogLevel.Information)
        {
            return;
        }

        Lines++;
        Last = formatter(state, exception);
        if (logLevel >= LogLevel.Error)
        {
            FirstError ??= $"{Last} {exception}";
        }
    }
}
