using EdgeWamp.Protocol.RawSocket;

namespace EdgeWamp.Protocol.Serial;

/// <summary>Writes a RawSocket handshake or frame in a serial framing (docs/serial.md).</summary>
public static class SerialFrameWriter
{
    /// <summary>The most bytes <see cref="Write"/> produces for a handshake or frame of <paramref name="length"/> octets in all.</summary>
    public static int MaxLength(SerialFraming framing, int length) =>
        framing == SerialFraming.Cobs ? Cobs.MaxEncodedLength(length + 2) + 1 : length;

    /// <summary>
    /// Writes <paramref name="head"/> (a 4-octet handshake or frame header) and <paramref name="payload"/> as one unit:
    /// as they are for <c>rawsocket</c>, or as COBS(head ++ payload ++ CRC-16 big-endian) ++ 0x00 for <c>cobs</c>.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(SerialFraming framing, Span<byte> destination, ReadOnlySpan<byte> head, ReadOnlySpan<byte> payload)
    {
        if (framing == SerialFraming.RawSocket)
        {
            head.CopyTo(destination);
            payload.CopyTo(destination[head.Length..]);
            return head.Length + payload.Length;
        }

        ushort crc = Crc16.Update(Crc16.Compute(head), payload);
        var encoder = new CobsEncoder(destination);
        encoder.Write(head);
        encoder.Write(payload);
        encoder.Write((byte)(crc >> 8));
        encoder.Write((byte)crc);
        int length = encoder.Finish();
        destination[length] = 0;
        return length + 1;
    }

    /// <summary>Writes one RawSocket frame (<see cref="RawSocketFrameHeader"/> plus payload) in <paramref name="framing"/>.</summary>
    public static int WriteFrame(SerialFraming framing, Span<byte> destination, RawSocketFrameType type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[RawSocketFrameHeader.Length];
        RawSocketFrameHeader.Write(header, type, payload.Length);
        return Write(framing, destination, header, payload);
    }
}
