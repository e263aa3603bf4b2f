namespace EdgeWamp.Protocol.RawSocket;

/// <summary>The low 3 bits of a frame's first octet (WAMP spec, RawSocket "Frames"); values 3 to 7 are reserved.</summary>
public enum RawSocketFrameType : byte
{
    Regular = 0,
    Ping = 1,
    Pong = 2,
}
