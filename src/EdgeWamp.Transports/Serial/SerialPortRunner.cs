using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.Serial;

/// <summary>
/// Keeps one serial device open for as long as the link runs: opens it (retrying with backoff while it is absent or
/// busy), reads it on a dedicated thread, writes <see cref="SerialOutput"/> to it on a second one, and after an unplug
/// opens it again as soon as its path is back.
/// </summary>
internal sealed class SerialPortRunner : IDisposable
{
    /// <summary>The longest a read waits, so timers (PING, frame gaps) run at least this often.</summary>
    public const int TickMilliseconds = 50;

    // A read takes what the kernel has; 4 KiB is the usual tty buffer.
    private const int ReadBufferSize = 4096;

    private readonly SerialPortSettings _settings;
    private readonly ISerialLinkHandler _handler;
    private readonly SerialOutput _output;
    private readonly ILogger _logger;
    private readonly ManualResetEventSlim _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _deviceFailed;
    private bool _started;

    public SerialPortRunner(SerialPortSettings settings, ISerialLinkHandler handler, SerialOutput output, ILogger logger)
    {
        _settings = settings;
        _handler = handler;
        _output = output;
        _logger = logger;
    }

    /// <summary>How many times the device has been opened.</summary>
    public int OpenCount { get; private set; }

    public bool IsOpen { get; private set; }

    public void Start()
    {
        _started = true;
        var thread = new Thread(Run) { IsBackground = true, Name = $"serial {_settings.Device}" };
        thread.Start();
    }

    /// <summary>Stops reading and writing, closes the device, and waits for the reader thread to end.</summary>
    public Task StopAsync()
    {
        _stopping.Set();
        return _started ? _stopped.Task : Task.CompletedTask;
    }

    /// <summary>
    /// The link's life:
    /// 1. wait until the device path exists and opens, doubling the wait after each failure (up to the maximum);
    /// 2. tell the handler, start the writer thread;
    /// 3. read until the device is gone or the link stops, running the handler's timers between reads;
    /// 4. tell the handler, stop the writer, close the device; unless stopping, go back to 1.
    /// </summary>
    private void Run()
    {
        try
        {
            TimeSpan backoff = _settings.ReopenBackoffMin;
            string? lastProblem = null;
            while (!_stopping.IsSet)
            {
                string problem = "the device is not present";
                SerialDevice? device = File.Exists(_settings.Device) ? SerialDevice.TryOpen(_settings, out problem) : null;
                if (device is null)
                {
                    if (problem != lastProblem)
                    {
                        _logger.SerialDeviceUnavailable(_settings.Device, problem);
                        lastProblem = problem;
                    }

                    _stopping.Wait(backoff);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _settings.ReopenBackoffMax.Ticks));
                    continue;
                }

                backoff = _settings.ReopenBackoffMin;
                lastProblem = null;
                Serve(device);
            }
        }
        catch (Exception exception)
        {
            _logger.SerialLinkError(_settings.Device, exception);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Serve(SerialDevice device)
    {
        OpenCount++;
        IsOpen = true;
        _deviceFailed = false;
        _logger.SerialDeviceOpened(_settings.Device, _settings.Baud, _settings.DataBits, _settings.Parity.ToString(), _settings.StopBits, _settings.FlowControl.ToString());
        _output.Discard();
        _handler.OnOpened();
        var writer = new Thread(() =>
        {
            if (!_output.Drain(device, () => _stopping.IsSet || _deviceFailed))
            {
                _deviceFailed = true;
            }
        })
        { IsBackground = true, Name = $"serial {_settings.Device} writer" };
        writer.Start();

        byte[] buffer = new byte[ReadBufferSize];
        try
        {
            while (!_stopping.IsSet && !_deviceFailed)
            {
                SerialWait wait = device.Wait(forWriting: false, TickMilliseconds);
                if (wait == SerialWait.Gone)
                {
                    break;
                }

                if (wait == SerialWait.Ready)
                {
                    int read = device.Read(buffer);
                    if (read < 0)
                    {
                        break;
                    }

                    if (read > 0)
                    {
                        _handler.OnReceived(buffer.AsSpan(0, read), Stopwatch.GetTimestamp());
                    }
                }

                _handler.OnTick(Stopwatch.GetTimestamp());
            }
        }
        finally
        {
            bool unplugged = !_stopping.IsSet;
            _deviceFailed = true;
            _handler.OnClosed();
            writer.Join();
            IsOpen = false;
            device.Dispose();
            if (unplugged)
            {
                _logger.SerialDeviceGone(_settings.Device);
            }
        }
    }

    public void Dispose() => _stopping.Dispose();
}
