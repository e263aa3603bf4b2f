using System.Text;
using EdgeWamp.Host.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeWamp.Host.Tests.Logging;

/// <summary>The queue between the loggers and the output: in order, never blocking the caller, bounded.</summary>
public sealed class LogOutputTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static LogEntry Entry(string message) => new(DateTime.UtcNow, LogLevel.Information, "Test", 1, message, null);

    [Fact]
    public void Dispose_AfterEntries_HasWrittenThemAllInOrder()
    {
        var writer = new StringWriter();
        var output = new LogOutput(writer, LogFormat.Journal);

        for (int i = 0; i < 100; i++)
        {
            output.Enqueue(Entry($"entry {i}"));
        }

        output.Dispose();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"<6>Test[1] entry {i}"), writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, output.Dropped);
    }

    [Fact]
    public void Enqueue_OutputStalledAndQueueFull_DropsWithoutBlockingThenReportsTheCount()
    {
        using var writer = new StallingWriter();
        var output = new LogOutput(writer, LogFormat.Journal, capacity: 2);

        output.Enqueue(Entry("first"));
        Assert.True(writer.Stalled.Wait(Wait), "the writer thread never wrote");
        // The writer thread is stuck in a write: these return at once, two are queued and three dropped.
        for (int i = 0; i < 5; i++)
        {
            output.Enqueue(Entry($"more {i}"));
        }

        Assert.Equal(3, output.Dropped);
        writer.Release();
        output.Dispose();

        Assert.Equal(
            ["<6>Test[1] first", "<6>Test[1] more 0", "<6>Test[1] more 1", "<4>EdgeWamp.Host.Logging.LogOutput[5190] Log: 3 entries dropped: the log output did not keep up"],
            writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Enqueue_AfterDispose_IsDroppedNotWritten()
    {
        var writer = new StringWriter();
        var output = new LogOutput(writer, LogFormat.Journal);
        output.Dispose();

        output.Enqueue(Entry("too late"));

        Assert.Equal("", writer.ToString());
        Assert.Equal(1, output.Dropped);
    }

    [Fact]
    public void Drain_OutputFailsOnce_KeepsWritingLaterEntries()
    {
        var writer = new FailingOnceWriter();
        var output = new LogOutput(writer, LogFormat.Journal);

        output.Enqueue(Entry("lost"));
        Assert.True(writer.Failed.Wait(Wait), "the writer thread never flushed");
        output.Enqueue(Entry("written"));
        output.Dispose();

        Assert.EndsWith("<6>Test[1] written\n", writer.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A writer whose first write blocks until released, like stdout into a pipe nobody reads.</summary>
    private sealed class StallingWriter : StringWriter
    {
        private readonly ManualResetEventSlim _release = new();
        private bool _stalled;

        public ManualResetEventSlim Stalled { get; } = new();

        public override void Write(string? value)
        {
            if (!_stalled)
            {
                _stalled = true;
                Stalled.Set();
                _release.Wait(Wait);
            }

            base.Write(value);
        }

        public void Release() => _release.Set();

        protected override void Dispose(bool disposing)
        {
            _release.Set();
            base.Dispose(disposing);
        }
    }

    /// <summary>A writer whose first flush fails the way a closed pipe does.</summary>
    private sealed class FailingOnceWriter : StringWriter
    {
        public ManualResetEventSlim Failed { get; } = new();

        public override void Flush()
        {
            if (!Failed.IsSet)
            {
                Failed.Set();
                throw new IOException("Broken pipe");
            }

            base.Flush();
        }

        public override Encoding Encoding => Encoding.UTF8;
    }
}
