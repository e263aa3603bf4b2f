using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.Serial;

/// <summary>Cuts a serial byte stream into text lines (LF or CR LF endings) for an <see cref="ISerialLineHandler"/>.</summary>
internal sealed class LineSerialLink : ISerialLinkHandler
{
    private readonly ISerialLineHandler _handler;
    private readonly ILogger _logger;
    private readonly string _device;
    private readonly byte[] _line;
    private int _length;
    private bool _overlong;

    public LineSerialLink(SerialLineListenerOptions options, ISerialLineHandler handler, ILogger logger)
    {
        _handler = handler;
        _logger = logger;
        _device = options.Port.Device;
        _line = new byte[options.MaxLineLength];
    }

    public long Lines { get; private set; }

    public long DroppedLines { get; private set; }

    public void OnOpened()
    {
        // The first line after opening may be the tail of one the device printed before: it is dropped by the
        // handler's parsers if it does not parse, like any line of noise.
        _length = 0;
        _overlong = false;
    }

    public void OnReceived(ReadOnlySpan<byte> bytes, long timestamp)
    {
        while (!bytes.IsEmpty)
        {
            int end = bytes.IndexOf((byte)'\n');
            ReadOnlySpan<byte> part = end < 0 ? bytes : bytes[..end];
            if (!_overlong && _length + part.Length <= _line.Length)
            {
                part.CopyTo(_line.AsSpan(_length));
                _length += part.Length;
            }
            else
            {
                _overlong = true;
            }

            if (end < 0)
            {
                return;
            }

            bytes = bytes[(end + 1)..];
            Complete();
        }
    }

    public void OnTick(long timestamp)
    {
    }

    public void OnClosed() => _length = 0;

    private void Complete()
    {
        int length = _length;
        bool overlong = _overlong;
        _length = 0;
        _overlong = false;
        if (overlong)
        {
            DroppedLines++;
            _logger.SerialLineTooLong(_device, _line.Length);
            return;
        }

        ReadOnlySpan<byte> line = _line.AsSpan(0, length);
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        Lines++;
        try
        {
            _handler.OnLine(line);
        }
        catch (Exception exception)
        {
            // A bug in a bridge rule must not stop the line.
            _logger.SerialLineHandlerFailed(_device, exception);
        }
    }
}
