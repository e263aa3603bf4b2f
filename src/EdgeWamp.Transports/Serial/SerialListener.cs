using EdgeWamp.Protocol.Connections;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.Serial;

/// <summary>
/// Serves WAMP on one serial device (docs/serial.md): opens it and keeps it open across unplugs, and runs one
/// session at a time for the device on the other end.
/// </summary>
public sealed class SerialListener : IAsyncDisposable
{
    private readonly SerialListenerOptions _options;
    private readonly ILogger _logger;
    private readonly SerialOutput _output;
    private readonly WampSerialLink _link;
    private readonly SerialPortRunner _runner;

    public SerialListener(SerialListenerOptions options, IWampPeerFactory peers, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _output = new SerialOutput(options.MaxOutboxBytes);
        _link = new WampSerialLink(options, peers, _output, logger);
        _runner = new SerialPortRunner(options.Port, _link, _output, logger);
    }

    /// <summary>Whether the device is open now.</summary>
    public bool IsOpen => _runner.IsOpen;

    /// <summary>How many times the device has been opened (1 plus the replugs).</summary>
    public int OpenCount => _runner.OpenCount;

    /// <summary>Sessions the device has started (1 plus its resets).</summary>
    public int SessionCount => _link.SessionCount;

    /// <summary>Bytes skipped as noise while looking for a handshake or packet.</summary>
    public long SkippedBytes => _link.SkippedBytes;

    /// <summary>Frames lost to noise or received outside a session.</summary>
    public long DroppedFrames => _link.DroppedFrames;

    /// <summary>Starts opening the device in the background; a missing device is not an error (it may be plugged in later).</summary>
    public void Start()
    {
        _logger.SerialListening(_options.Port.Device, _options.Framing.ToString(), string.Join(", ", _options.Serializers), _options.AdvertisedMaxMessageSize);
        _runner.Start();
    }

    /// <summary>Sends what is queued (the router's GOODBYE), then ends the session and closes the device.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_runner.IsOpen)
        {
            _output.WaitDrained(TimeSpan.FromSeconds(1));
        }

        await _runner.StopAsync().ConfigureAwait(false);
        _runner.Dispose();
        _output.Dispose();
    }
}
