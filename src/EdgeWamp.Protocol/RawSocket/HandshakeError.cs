namespace EdgeWamp.Protocol.RawSocket;

/// <summary>Error codes a router sends in the upper nibble of the second handshake octet (WAMP spec, RawSocket "Handshake").</summary>
public enum HandshakeError : byte
{
    /// <summary>0 is illegal and must not be sent.</summary>
    Illegal = 0,
    SerializerUnsupported = 1,
    MaxMessageLengthUnacceptable = 2,
    ReservedBitsUsed = 3,
    MaxConnectionCountReached = 4,
}
