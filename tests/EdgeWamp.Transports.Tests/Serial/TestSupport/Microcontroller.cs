using System.Diagnostics;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Transports.Tests.Serial.TestSupport;

/// <summary>
/// The test's "microcontroller": a device on the master side of a pseudo-terminal that speaks RawSocket in a serial
/// framing, reachable by the router at a symlink path that can be removed (unplugged) and recreated (plugged back).
/// </summary>
internal sealed class Microcontroller : IDisposable
{
    private readonly string _linkPath;
    private readonly SerialFraming _framing;
    private readonly byte[] _readBuffer = new byte[4096];
    private PseudoTerminal _pty;
    private ISerialFrameReader _reader;
    private byte[] _pendingInput = [];

    public Microcontroller(string linkPath, SerialFraming framing)
    {
        _linkPath = linkPath;
        _framing = framing;
        _pty = PseudoTerminal.Open();
        _reader = NewReader();
        File.CreateSymbolicLink(_linkPath, _pty.SlavePath);
    }

    /// <summary>Answer the router's PINGs (a live device does); false plays a device that hangs.</summary>
    public bool AnswerPings { get; set; } = true;

    public int PingsAnswered { get; private set; }

    public SerialFraming Framing => _framing;

    /// <summary>
    /// Sends the handshake, again every 250 ms until the router answers (as firmware does after boot, since it cannot
    /// know when the router opened the port), and returns the router's reply octets.
    /// </summary>
    public byte[] Connect(WampSerializer serializer, TimeSpan timeout, int maxMessageLength = 1 << 16)
    {
        Span<byte> handshake = stackalloc byte[RawSocketHandshake.Length];
        RawSocketHandshake.WriteRequest(handshake, maxMessageLength, serializer);
        _reader.AwaitHandshake();
        _pendingInput = [];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            SendRaw(handshake, default);
            var attempt = Stopwatch.StartNew();
            while (attempt.ElapsedMilliseconds < 250)
            {
                if (Next(50) is { Status: SerialFrameStatus.Handshake } reply)
                {
                    return reply.Content;
                }
            }
        }

        throw new TimeoutException($"no handshake reply from the router within {timeout}");
    }

    /// <summary>Sends one regular frame holding <paramref name="message"/>.</summary>
    public void Send(ReadOnlySpan<byte> message) => SendFrame(RawSocketFrameType.Regular, message);

    public void SendFrame(RawSocketFrameType type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[RawSocketFrameHeader.Length];
        RawSocketFrameHeader.Write(header, type, payload.Length);
        SendRaw(header, payload);
    }

    /// <summary>Encodes a handshake or frame in the framing, for tests that corrupt it before writing it.</summary>
    public byte[] Encode(RawSocketFrameType type, ReadOnlySpan<byte> payload)
    {
        byte[] buffer = new byte[SerialFrameWriter.MaxLength(_framing, RawSocketFrameHeader.Length + payload.Length)];
        int length = SerialFrameWriter.WriteFrame(_framing, buffer, type, payload);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>Writes bytes to the line exactly as given (noise, corrupted frames).</summary>
    public void WriteLine(ReadOnlySpan<byte> bytes) => _pty.Write(bytes);

    /// <summary>The next regular frame from the router (PINGs answered on the way), or null after the timeout.</summary>
    public byte[]? Receive(TimeSpan timeout) => ReceiveFrame(timeout, RawSocketFrameType.Regular);

    public byte[]? ReceiveFrame(TimeSpan timeout, RawSocketFrameType wanted)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Next(50) is not { } frame || frame.Status != SerialFrameStatus.Frame)
            {
                continue;
            }

            if (frame.Type == RawSocketFrameType.Ping && AnswerPings)
            {
                PingsAnswered++;
                SendFrame(RawSocketFrameType.Pong, frame.Content);
            }

            if (frame.Type == wanted)
            {
                return frame.Content;
            }
        }

        return null;
    }

    /// <summary>Pulls the USB plug: the pty closes and the path disappears.</summary>
    public void Unplug()
    {
        File.Delete(_linkPath);
        _pty.Dispose();
    }

    /// <summary>Plugs the device back in: a new pty appears at the same path (the kernel may number it differently).</summary>
    public void Replug()
    {
        _pty = PseudoTerminal.Open();
        _reader = NewReader();
        _pendingInput = [];
        File.CreateSymbolicLink(_linkPath, _pty.SlavePath);
    }

    public void Dispose()
    {
        File.Delete(_linkPath);
        _pty.Dispose();
    }

    private void SendRaw(ReadOnlySpan<byte> head, ReadOnlySpan<byte> payload)
    {
        byte[] buffer = new byte[SerialFrameWriter.MaxLength(_framing, head.Length + payload.Length)];
        int length = SerialFrameWriter.Write(_framing, buffer, head, payload);
        _pty.Write(buffer.AsSpan(0, length));
    }

    private Received? Next(int timeoutMilliseconds)
    {
        if (_pendingInput.Length == 0)
        {
            int read = _pty.Read(_readBuffer, timeoutMilliseconds);
            if (read == 0)
            {
                return null;
            }

            _pendingInput = _readBuffer.AsSpan(0, read).ToArray();
        }

        ReadOnlySpan<byte> input = _pendingInput;
        SerialFrameStatus status = _reader.Read(ref input, out RawSocketFrameType type, out ReadOnlySpan<byte> content);
        var result = new Received(status, type, content.ToArray());
        _pendingInput = input.ToArray();
        if (status == SerialFrameStatus.Failed)
        {
            throw new InvalidOperationException("the router sent a frame the device cannot parse");
        }

        return status == SerialFrameStatus.NeedMore ? null : result;
    }

    private ISerialFrameReader NewReader() => _framing == SerialFraming.Cobs
        ? new CobsPacketReader(1 << 24)
        : new RawSocketStreamReader(1 << 24);

    private sealed record Received(SerialFrameStatus Status, RawSocketFrameType Type, byte[] Content);
}
