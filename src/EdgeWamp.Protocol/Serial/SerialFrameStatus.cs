namespace EdgeWamp.Protocol.Serial;

/// <summary>What <see cref="ISerialFrameReader.Read"/> found.</summary>
public enum SerialFrameStatus : byte
{
    /// <summary>The input is used up without completing a handshake or frame.</summary>
    NeedMore,

    /// <summary>A RawSocket handshake (4 octets starting 0x7F): the device starts a new session.</summary>
    Handshake,

    /// <summary>A whole RawSocket frame of a session.</summary>
    Frame,

    /// <summary>A packet was lost to line noise (<c>cobs</c>: bad CRC, bad encoding, too long) or arrived outside a session; the session goes on.</summary>
    Dropped,

    /// <summary>
    /// The byte stream cannot be a RawSocket session any more (an impossible frame length or type): the session ends
    /// and the reader skips everything up to the next handshake.
    /// </summary>
    Failed,
}
