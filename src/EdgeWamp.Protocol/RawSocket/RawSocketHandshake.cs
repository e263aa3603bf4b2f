using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.RawSocket;

/// <summary>
/// The RawSocket opening handshake (WAMP spec, "RawSocket Transport", "Handshake"): four octets
/// <c>0x7F, LLLL SSSS, 0x00, 0x00</c> where 2^(9+LLLL) is the maximum message length the sender will receive and SSSS the serializer.
/// </summary>
public static class RawSocketHandshake
{
    public const int Length = 4;

    /// <summary>The first octet: the magic that tells RawSocket from HTTP on a shared port.</summary>
    public const byte Magic = 0x7F;

    /// <summary>2^9: the length exponent is an offset from 512 bytes.</summary>
    public const int MinLengthExponent = 9;

    /// <summary>2^24 = 16 MiB: the longest message a 3-octet frame length can carry.</summary>
    public const int MaxMessageLength = 1 << 24;

    /// <summary>Parses a client's handshake.</summary>
    public static HandshakeStatus TryParse(ReadOnlySpan<byte> octets, out WampSerializer serializer, out int maxMessageLength)
    {
        serializer = WampSerializer.None;
        maxMessageLength = 0;
        if (octets.Length < Length)
        {
            return HandshakeStatus.Incomplete;
        }

        if (octets[0] != Magic)
        {
            return HandshakeStatus.NotRawSocket;
        }

        // Octets 3 and 4 are reserved and must be zero.
        if (octets[2] != 0 || octets[3] != 0)
        {
            return HandshakeStatus.ReservedBitsUsed;
        }

        maxMessageLength = 1 << (MinLengthExponent + (octets[1] >> 4));
        serializer = (WampSerializer)(octets[1] & 0x0F);
        return HandshakeStatus.Ok;
    }

    /// <summary>The router's reply accepting the connection: its own receive limit and the echoed serializer.</summary>
    public static void WriteAccept(Span<byte> destination, int maxMessageLength, WampSerializer serializer)
    {
        destination[0] = Magic;
        destination[1] = (byte)((LengthExponentFor(maxMessageLength) << 4) | (byte)serializer);
        destination[2] = 0;
        destination[3] = 0;
    }

    /// <summary>The router's reply refusing the connection: <c>0x7F, EEEE 0000, 0x00, 0x00</c>.</summary>
    public static void WriteError(Span<byte> destination, HandshakeError error)
    {
        destination[0] = Magic;
        destination[1] = (byte)((byte)error << 4);
        destination[2] = 0;
        destination[3] = 0;
    }

    /// <summary>The largest exponent whose length does not exceed <paramref name="maxMessageLength"/> (a receiver must never advertise more than it accepts).</summary>
    /// <remarks>
    /// 512 octets (exponent 0) is the least the handshake can express, so a limit below 512 also yields 0: RawSocket has no
    /// way to announce less. Such a receiver advertises 512 while still failing the connection on a longer frame; callers
    /// should not configure one (the host's configuration validator refuses <c>maxMessageSize</c> below 512).
    /// </remarks>
    public static int LengthExponentFor(int maxMessageLength)
    {
        int exponent = 0;
        while (exponent < 15 && (1 << (MinLengthExponent + exponent + 1)) <= maxMessageLength)
        {
            exponent++;
        }

        return exponent;
    }

    /// <summary>The client's handshake, for the client side and tests.</summary>
    public static void WriteRequest(Span<byte> destination, int maxMessageLength, WampSerializer serializer) =>
        WriteAccept(destination, maxMessageLength, serializer);
}
