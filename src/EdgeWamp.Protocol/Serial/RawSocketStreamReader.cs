using EdgeWamp.Protocol.RawSocket;

namespace EdgeWamp.Protocol.Serial;

/// <summary>
/// The <c>rawsocket</c> serial framing: the RawSocket byte stream as on TCP (WAMP spec, "RawSocket Transport"), made
/// to survive a serial line. Before a handshake every byte up to the magic 0x7F is skipped; in a session a frame
/// header whose first octet is 0x7F is a new handshake (the device reset between frames: no frame type has bit 7
/// set), and an impossible header (reserved bits, or a length above the advertised maximum) fails the session.
/// </summary>
public sealed class RawSocketStreamReader : ISerialFrameReader
{
    // Frames are buffered here only when they arrive in pieces; the buffer grows by doubling up to the maximum.
    private const int InitialBufferSize = 4096;

    private readonly int _maxMessageLength;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _have;
    private int _needed;
    private bool _awaitingHandshake = true;

    /// <param name="maxMessageLength">The largest payload the router advertised in its handshake reply.</param>
    public RawSocketStreamReader(int maxMessageLength)
    {
        _maxMessageLength = maxMessageLength;
    }

    public bool IsMidFrame => _have > 0;

    public long SkippedBytes { get; private set; }

    public void AwaitHandshake()
    {
        _awaitingHandshake = true;
        _have = 0;
    }

    public SerialFrameStatus Read(ref ReadOnlySpan<byte> input, out RawSocketFrameType type, out ReadOnlySpan<byte> content)
    {
        type = RawSocketFrameType.Regular;
        content = default;
        return _awaitingHandshake ? ReadHandshake(ref input, out content) : ReadFrame(ref input, out type, out content);
    }

    private SerialFrameStatus ReadHandshake(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> content)
    {
        content = default;
        while (true)
        {
            if (_have == 0)
            {
                int magic = input.IndexOf(RawSocketHandshake.Magic);
                if (magic < 0)
                {
                    SkippedBytes += input.Length;
                    input = default;
                    return SerialFrameStatus.NeedMore;
                }

                SkippedBytes += magic;
                input = input[magic..];
            }

            if (!Fill(ref input, RawSocketHandshake.Length))
            {
                return SerialFrameStatus.NeedMore;
            }

            if (_buffer[2] == 0 && _buffer[3] == 0)
            {
                _have = 0;
                _awaitingHandshake = false;
                content = _buffer.AsSpan(0, RawSocketHandshake.Length);
                return SerialFrameStatus.Handshake;
            }

            // The 0x7F was noise: look again from the octet after it, among the three already taken.
            Span<byte> rest = _buffer.AsSpan(1, RawSocketHandshake.Length - 1);
            int next = rest.IndexOf(RawSocketHandshake.Magic);
            if (next < 0)
            {
                SkippedBytes += RawSocketHandshake.Length;
                _have = 0;
            }
            else
            {
                SkippedBytes += 1 + next;
                rest[next..].CopyTo(_buffer);
                _have = rest.Length - next;
            }
        }
    }

    private SerialFrameStatus ReadFrame(ref ReadOnlySpan<byte> input, out RawSocketFrameType type, out ReadOnlySpan<byte> content)
    {
        type = RawSocketFrameType.Regular;
        content = default;

        // The common case: the whole frame is in the input, so it is handed on without a copy.
        if (_have == 0 && input.Length >= RawSocketFrameHeader.Length && input[0] != RawSocketHandshake.Magic
            && RawSocketFrameHeader.TryParse(input, out type, out int inputLength) == FrameHeaderStatus.Ok
            && inputLength <= _maxMessageLength && input.Length >= RawSocketFrameHeader.Length + inputLength)
        {
            content = input.Slice(RawSocketFrameHeader.Length, inputLength);
            input = input[(RawSocketFrameHeader.Length + inputLength)..];
            return SerialFrameStatus.Frame;
        }

        if (_have < RawSocketFrameHeader.Length)
        {
            if (!Fill(ref input, RawSocketFrameHeader.Length))
            {
                return SerialFrameStatus.NeedMore;
            }

            if (_buffer[0] == RawSocketHandshake.Magic)
            {
                // A handshake where a frame header was due: the device restarted between two frames.
                _have = 0;
                if (_buffer[2] != 0 || _buffer[3] != 0)
                {
                    _awaitingHandshake = true;
                    return SerialFrameStatus.Failed;
                }

                content = _buffer.AsSpan(0, RawSocketHandshake.Length);
                return SerialFrameStatus.Handshake;
            }

            if (RawSocketFrameHeader.TryParse(_buffer.AsSpan(0, RawSocketFrameHeader.Length), out _, out int length) != FrameHeaderStatus.Ok
                || length > _maxMessageLength)
            {
                AwaitHandshake();
                return SerialFrameStatus.Failed;
            }

            _needed = RawSocketFrameHeader.Length + length;
            if (_buffer.Length < _needed)
            {
                Grow(_needed);
            }
        }

        if (!Fill(ref input, _needed))
        {
            return SerialFrameStatus.NeedMore;
        }

        RawSocketFrameHeader.TryParse(_buffer, out type, out int frameLength);
        content = _buffer.AsSpan(RawSocketFrameHeader.Length, frameLength);
        _have = 0;
        return SerialFrameStatus.Frame;
    }

    /// <summary>Copies input into the buffer until it holds <paramref name="count"/> bytes; false when the input ran out first.</summary>
    private bool Fill(ref ReadOnlySpan<byte> input, int count)
    {
        int take = Math.Min(count - _have, input.Length);
        input[..take].CopyTo(_buffer.AsSpan(_have));
        _have += take;
        input = input[take..];
        return _have == count;
    }

    private void Grow(int needed)
    {
        int size = _buffer.Length;
        while (size < needed)
        {
            size *= 2;
        }

        var larger = new byte[size];
        _buffer.AsSpan(0, _have).CopyTo(larger);
        _buffer = larger;
    }
}
