using System.Text;
using EdgeWamp.Protocol.Connections;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.Serial;

/// <summary>
/// A serial device that prints text lines: each line goes to an <see cref="ISerialLineHandler"/>, and
/// <see cref="TryWriteLine"/> sends one back. Survives unplugs like <see cref="SerialListener"/>.
/// </summary>
public sealed class SerialLineListener : IAsyncDisposable
{
    private readonly SerialLineListenerOptions _options;
    private readonly ILogger _logger;
    private readonly SerialOutput _output;
    private readonly LineSerialLink _link;
    private readonly SerialPortRunner _runner;
    private readonly byte[] _lineEnding;

    public SerialLineListener(SerialLineListenerOptions options, ISerialLineHandler handler, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _output = new SerialOutput(options.MaxOutboxBytes);
        _link = new LineSerialLink(options, handler, logger);
        _runner = new SerialPortRunner(options.Port, _link, _output, logger);
        _lineEnding = Encoding.UTF8.GetBytes(options.LineEnding);
    }

    public bool IsOpen => _runner.IsOpen;

    public int OpenCount => _runner.OpenCount;

    /// <summary>Lines received and handed to the handler.</summary>
    public long Lines => _link.Lines;

    public void Start()
    {
        _logger.SerialListening(_options.Port.Device, "line", "-", _options.MaxLineLength);
        _runner.Start();
    }

    /// <summary>Queues <paramref name="line"/> and the line ending for the device; <see cref="WriteResult.Closed"/> when it is not connected.</summary>
    public WriteResult TryWriteLine(ReadOnlySpan<byte> line) =>
        _runner.IsOpen ? _output.TryWriteRaw(line, _lineEnding) : WriteResult.Closed;

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
