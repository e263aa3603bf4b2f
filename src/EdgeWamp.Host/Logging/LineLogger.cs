using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Logging;

/// <summary>A logger for one category: formats the message and queues it on the <see cref="LogOutput"/>.</summary>
/// <remarks>Scopes are not recorded (the console logger EdgeWamp used before had them off too).</remarks>
internal sealed class LineLogger : ILogger
{
    private readonly string _category;
    private readonly LogLevel _minimum;
    private readonly LogOutput _output;

    public LineLogger(string category, LogLevel minimum, LogOutput output)
    {
        _category = category;
        _minimum = minimum;
        _output = output;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= _minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        // The message is formatted here: the state may not outlive the call.
        string message = formatter(state, exception);
        if (message.Length == 0 && exception is null)
        {
            return;
        }

        _output.Enqueue(new LogEntry(DateTime.UtcNow, logLevel, _category, eventId.Id, message, exception));
    }
}
