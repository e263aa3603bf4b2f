namespace EdgeWamp.Protocol.Serial;

/// <summary>How RawSocket bytes travel on a serial line (docs/serial.md).</summary>
public enum SerialFraming : byte
{
    /// <summary>The RawSocket byte stream as is: the handshake, then 4-octet headers and payloads.</summary>
    RawSocket,

    /// <summary>Each RawSocket handshake or frame in its own packet: COBS(octets ++ CRC-16 big-endian), then 0x00.</summary>
    Cobs,
}
