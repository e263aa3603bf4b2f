using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Logging;

/// <summary>
/// The loggers of <c>edgewamp run</c>: every category writes to one <see cref="LogOutput"/> at one minimum level
/// (EDGEWAMP_LOG_LEVEL). Replaces Microsoft.Extensions.Logging's LoggerFactory and console provider, which the
/// binary no longer carries; only the abstractions (ILogger, [LoggerMessage]) remain.
/// </summary>
internal sealed class LineLoggerFactory : ILoggerFactory
{
    private readonly LogOutput _output;
    private readonly LogLevel _minimum;

    /// <param name="output">Owned: disposing the factory writes what is queued and closes it.</param>
    public LineLoggerFactory(LogOutput output, LogLevel minimum)
    {
        _output = output;
        _minimum = minimum;
    }

    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, _minimum, _output);

    /// <summary>Not supported: EdgeWamp logs to its one output, and nothing in it adds providers.</summary>
    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("EdgeWamp writes its log to standard output only; other logging providers cannot be added.");

    public void Dispose() => _output.Dispose();
}
