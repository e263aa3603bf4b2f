using System.Buffers.Binary;

namespace EdgeWamp.Protocol.RawSocket;

/// <summary>
/// The 4-octet header before every RawSocket frame (WAMP spec, RawSocket "Frames"): 5 reserved bits, 3 bits of frame type,
/// then the payload length as a 24-bit big-endian integer.
/// </summary>
public static class RawSocketFrameHeader
{
    public const int Length = 4;

    /// <summary>2^24 - 1: the largest length 3 octets can hold.</summary>
    public const int MaxPayloadLength = (1 << 24) - 1;

    public static FrameHeaderStatus TryParse(ReadOnlySpan<byte> octets, out RawSocketFrameType type, out int payloadLength)
    {
        type = RawSocketFrameType.Regular;
        payloadLength = 0;
        if (octets.Length < Length)
        {
            return FrameHeaderStatus.Incomplete;
        }

        byte first = octets[0];
        if ((first & 0xF8) != 0 || (first & 0x07) > (byte)RawSocketFrameType.Pong)
        {
            return FrameHeaderStatus.ReservedBitsUsed;
        }

        type = (RawSocketFrameType)(first & 0x07);
        payloadLength = (octets[1] << 16) | (octets[2] << 8) | octets[3];
        return FrameHeaderStatus.Ok;
    }

    /// <summary>Writes the header of a frame of <paramref name="payloadLength"/> octets.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or above <see cref="MaxPayloadLength"/>: a caller
    /// bug (the length would spill into the type octet, e.g. 2^24 would become a Ping of length 0), never peer input.</exception>
    public static void Write(Span<byte> destination, RawSocketFrameType type, int payloadLength)
    {
        if ((uint)payloadLength > MaxPayloadLength)
        {
            ThrowHelper.ThrowFrameLengthOutOfRange(payloadLength);
        }

        // The type occupies the whole first octet (reserved bits zero); the length the other three.
        BinaryPrimitives.WriteUInt32BigEndian(destination, ((uint)type << 24) | (uint)payloadLength);
    }
}
