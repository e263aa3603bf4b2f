using EdgeWamp.Host.Hosting;
using EdgeWamp.Host.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeWamp.Host.Tests.Logging;

/// <summary>The loggers the services get: the minimum level, category names, and source-generated messages.</summary>
public sealed class LineLoggerTests
{
    private static string Logged(LogLevel minimum, Action<ILoggerFactory> log)
    {
        var writer = new StringWriter();
        using (var factory = new LineLoggerFactory(new LogOutput(writer, LogFormat.Journal), minimum))
        {
            log(factory);
        }

        return writer.ToString();
    }

    // ILogger.Log itself, as the [LoggerMessage] methods call it.
    private static void Write(ILogger logger, LogLevel level, int eventId, string message) =>
        logger.Log(level, new EventId(eventId), message, null, static (state, _) => state);

    [Fact]
    public void Log_GeneratedMessageThroughTypedLogger_CategoryIsTheFullTypeName()
    {
        string log = Logged(LogLevel.Information, factory => factory.CreateLogger<RouterService>().ConfigLoaded("/etc/edgewamp/config.json", "1.2.3"));

        Assert.Equal("<6>EdgeWamp.Host.Hosting.RouterService[5000] edgewamp 1.2.3 starting with configuration /etc/edgewamp/config.json\n", log);
    }

    [Fact]
    public void Log_BelowTheMinimumLevel_IsNotWritten()
    {
        string log = Logged(LogLevel.Warning, factory =>
        {
            ILogger logger = factory.CreateLogger("EdgeWamp.Router");
            Assert.False(logger.IsEnabled(LogLevel.Information));
            Assert.True(logger.IsEnabled(LogLevel.Warning));
            Write(logger, LogLevel.Information, 0, "not shown");
            Write(logger, LogLevel.Warning, 2001, "shown");
        });

        Assert.Equal("<4>EdgeWamp.Router[2001] shown\n", log);
    }

    [Fact]
    public void IsEnabled_MinimumNone_LogsNothing()
    {
        string log = Logged(LogLevel.None, factory =>
        {
            ILogger logger = factory.CreateLogger("EdgeWamp.Router");
            Assert.False(logger.IsEnabled(LogLevel.Critical));
            Assert.False(logger.IsEnabled(LogLevel.None));
            Write(logger, LogLevel.Critical, 0, "not shown");
        });

        Assert.Equal("", log);
    }

    [Fact]
    public void Log_Trace_WrittenWhenTheMinimumIsTrace()
    {
        string log = Logged(LogLevel.Trace, factory => Write(factory.CreateLogger("EdgeWamp.Router"), LogLevel.Trace, 0, "frame"));

        Assert.Equal("<7>EdgeWamp.Router[0] frame\n", log);
    }

    [Fact]
    public void AddProvider_IsRefused()
    {
        using var factory = new LineLoggerFactory(new LogOutput(new StringWriter(), LogFormat.Console), LogLevel.Information);

        Assert.Throws<NotSupportedException>(() => factory.AddProvider(new NullProvider()));
    }

    private sealed class NullProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }
    }
}
