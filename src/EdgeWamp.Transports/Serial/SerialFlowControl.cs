namespace EdgeWamp.Transports.Serial;

/// <summary>Hardware flow control on the line.</summary>
public enum SerialFlowControl : byte
{
    None,

    /// <summary>RTS/CTS handshake lines (termios CRTSCTS): the UART pauses when the other side deasserts CTS.</summary>
    RtsCts,
}
