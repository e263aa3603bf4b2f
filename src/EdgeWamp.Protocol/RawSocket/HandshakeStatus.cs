namespace EdgeWamp.Protocol.RawSocket;

/// <summary>The outcome of parsing a RawSocket handshake.</summary>
public enum HandshakeStatus : byte
{
    Ok,
    Incomplete,

    /// <summary>The first octet is not 0x7F: the peer speaks something else (e.g. HTTP).</summary>
    NotRawSocket,
    ReservedBitsUsed,
}
