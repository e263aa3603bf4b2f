using System.Buffers.Binary;
using EdgeWamp.Protocol.RawSocket;

namespace EdgeWamp.Protocol.Serial;

/// <summary>
/// The <c>cobs</c> serial framing (docs/serial.md): packets delimited by 0x00, each the COBS encoding of one RawSocket
/// handshake or frame followed by its CRC-16/CCITT-FALSE, big-endian. A packet with a bad encoding or CRC is dropped
/// alone, so one corrupted byte costs one frame and the session goes on.
/// </summary>
public sealed class CobsPacketReader : ISerialFrameReader
{
    private const int CrcLength = 2;

    // The smallest packet: a handshake or a frame header (4 octets) and the CRC.
    private const int MinDecodedLength = RawSocketFrameHeader.Length + CrcLength;

    private const int InitialBufferSize = 4096;

    private readonly int _maxMessageLength;
    private readonly int _maxEncodedLength;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _have;
    private bool _overflow;
    private bool _awaitingHandshake = true;

    /// <param name="maxMessageLength">The largest payload the router advertised in its handshake reply.</param>
    public CobsPacketReader(int maxMessageLength)
    {
        _maxMessageLength = maxMessageLength;
        _maxEncodedLength = Cobs.MaxEncodedLength(RawSocketFrameHeader.Length + maxMessageLength + CrcLength);
    }

    public bool IsMidFrame => _have > 0 || _overflow;

    public long SkippedBytes { get; private set; }

    /// <summary>Packets dropped for a bad encoding, a bad CRC or an oversize.</summary>
    public long DroppedPackets { get; private set; }

    public void AwaitHandshake() => _awaitingHandshake = true;

    public SerialFrameStatus Read(ref ReadOnlySpan<byte> input, out RawSocketFrameType type, out ReadOnlySpan<byte> content)
    {
        type = RawSocketFrameType.Regular;
        content = default;
        while (true)
        {
            int delimiter = input.IndexOf((byte)0);
            if (delimiter < 0)
            {
                Append(input);
                input = default;
                return SerialFrameStatus.NeedMore;
            }

            Append(input[..delimiter]);
            input = input[(delimiter + 1)..];
            if (_overflow)
            {
                _overflow = false;
                return Drop();
            }

            if (_have == 0)
            {
                // An empty packet: a sender may put a 0x00 first to end whatever noise came before.
                continue;
            }

            SerialFrameStatus status = Decode(out type, out content);
            _have = 0;
            return status;
        }
    }

    private SerialFrameStatus Decode(out RawSocketFrameType type, out ReadOnlySpan<byte> content)
    {
        type = RawSocketFrameType.Regular;
        content = default;
        Span<byte> encoded = _buffer.AsSpan(0, _have);
        if (!Cobs.TryDecode(encoded, encoded, out int length) || length < MinDecodedLength)
        {
            return Drop();
        }

        ReadOnlySpan<byte> packet = _buffer.AsSpan(0, length - CrcLength);
        if (Crc16.Compute(packet) != BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(length - CrcLength)))
        {
            return Drop();
        }

        if (packet[0] == RawSocketHandshake.Magic)
        {
            if (packet.Length != RawSocketHandshake.Length || packet[2] != 0 || packet[3] != 0)
            {
                return Drop();
            }

            _awaitingHandshake = false;
            content = packet;
            return SerialFrameStatus.Handshake;
        }

        if (_awaitingHandshake)
        {
            // A frame of a session the router no longer has (the router restarted, or ended it): ignored.
            SkippedBytes += _have + 1;
            return SerialFrameStatus.Dropped;
        }

        // The CRC is right, so the device itself sent a bad header: a firmware bug, not noise.
        if (RawSocketFrameHeader.TryParse(packet, out type, out int payloadLength) != FrameHeaderStatus.Ok
            || payloadLength != packet.Length - RawSocketFrameHeader.Length || payloadLength > _maxMessageLength)
        {
            _awaitingHandshake = true;
            return SerialFrameStatus.Failed;
        }

        content = packet[RawSocketFrameHeader.Length..];
        return SerialFrameStatus.Frame;
    }

    private SerialFrameStatus Drop()
    {
        DroppedPackets++;
        SkippedBytes += _have + 1;
        _have = 0;
        return SerialFrameStatus.Dropped;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_overflow)
        {
            SkippedBytes += bytes.Length;
            return;
        }

        if (_have + bytes.Length > _maxEncodedLength)
        {
            // Longer than any packet can be: a lost delimiter. Skip to the next one.
            _overflow = true;
            SkippedBytes += bytes.Length;
            return;
        }

        if (_buffer.Length < _have + bytes.Length)
        {
            int size = _buffer.Length;
            while (size < _have + bytes.Length)
            {
                size *= 2;
            }

            var larger = new byte[Math.Min(size, _maxEncodedLength)];
            _buffer.AsSpan(0, _have).CopyTo(larger);
            _buffer = larger;
        }

        bytes.CopyTo(_buffer.AsSpan(_have));
        _have += bytes.Length;
    }
}
