namespace EdgeWamp.Protocol.RawSocket;

/// <summary>The outcome of parsing a RawSocket frame header.</summary>
public enum FrameHeaderStatus : byte
{
    Ok,
    Incomplete,
    ReservedBitsUsed,
}
