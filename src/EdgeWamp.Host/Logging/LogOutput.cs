using System.Text;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Logging;

/// <summary>
/// Where log lines go: entries are queued by the logging thread and written by one background thread, so a slow
/// reader of the output (a full pipe, a busy journald) never holds up routing.
/// </summary>
/// <remarks>
/// Why a queue and not synchronous writes under a lock: the router logs from inside dispatch (a session joined or
/// was refused), and a write to stdout blocks when the pipe is full; a lock around the write would stop every realm
/// behind it. Here the caller only takes a short lock to add the entry. The queue is bounded
/// (<see cref="DefaultCapacity"/> entries): when the writer falls that far behind, new entries are dropped and
/// counted, and the writer says how many (event 5190) once it catches up. Dropping a log line is better than
/// a router that stops routing, or one that grows without bound, because of its log.
/// The writer takes every queued entry in one batch (two lists swapped, no allocation per entry), writes them into a
/// buffered writer and flushes once per batch.
/// </remarks>
internal sealed class LogOutput : IDisposable
{
    /// <summary>Entries that may wait to be written: about a burst of a few hundred lines plus their exceptions.</summary>
    public const int DefaultCapacity = 1024;

    /// <summary>The event of the line that reports dropped entries (in the Host's range, STYLE.md "Logging").</summary>
    public const int DroppedEventId = 5190;

    // How long Dispose waits for queued entries to be written: the process is exiting.
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(2);

    private readonly TextWriter _writer;
    private readonly LogFormat _format;
    private readonly int _capacity;

    // Monitor.Wait/Pulse: the writer sleeps until there is something to write (System.Threading.Lock has no Wait).
    private readonly object _gate = new();
    private readonly Thread _thread;
    private List<LogEntry> _pending = [];
    private List<LogEntry> _writing = [];
    private long _dropped;
    private bool _completed;

    /// <param name="writer">Written only by the background thread; disposed with this object.</param>
    public LogOutput(TextWriter writer, LogFormat format, int capacity = DefaultCapacity)
    {
        _writer = writer;
        _format = format;
        _capacity = capacity;
        _thread = new Thread(Drain) { IsBackground = true, Name = "edgewamp log" };
        _thread.Start();
    }

    /// <summary>Standard output, UTF-8 without a byte order mark, buffered: flushed after each batch.</summary>
    public static LogOutput ForStandardOutput(LogFormat format) =>
        new(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024), format);

    /// <summary>Entries dropped so far because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="entry"/>; never blocks on the output. Dropped when the queue is full or closed.</summary>
    public void Enqueue(in LogEntry entry)
    {
        lock (_gate)
        {
            if (_completed || _pending.Count >= _capacity)
            {
                _dropped++;
                return;
            }

            _pending.Add(entry);
            if (_pending.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>Writes what is queued (waiting up to two seconds), then closes the output.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            Monitor.Pulse(_gate);
        }

        if (_thread.Join(FlushTimeout))
        {
            _writer.Dispose();
        }
    }

    private void Drain()
    {
        long reported = 0;
        while (true)
        {
            bool completed;
            long dropped;
            lock (_gate)
            {
                while (_pending.Count == 0 && !_completed)
                {
                    Monitor.Wait(_gate);
                }

                (_pending, _writing) = (_writing, _pending);
                completed = _completed;
                dropped = _dropped;
            }

            try
            {
                foreach (LogEntry entry in _writing)
                {
                    LogLineFormatter.Write(_writer, _format, entry);
                }

                if (dropped > reported)
                {
                    LogLineFormatter.Write(_writer, _format, DroppedNotice(dropped - reported));
                    reported = dropped;
                }

                _writer.Flush();
            }
            catch (IOException)
            {
                // The output is gone (the reader closed the pipe): nothing can be logged, the router runs on.
            }

            _writing.Clear();
            if (completed)
            {
                return;
            }
        }
    }

    private static LogEntry DroppedNotice(long count) => new(
        DateTime.UtcNow,
        LogLevel.Warning,
        "EdgeWamp.Host.Logging.LogOutput",
        DroppedEventId,
        $"Log: {count} entries dropped: the log output did not keep up",
        null);
}
