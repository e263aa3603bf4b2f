namespace EdgeWamp.Transports.Serial;

/// <summary>The outcome of waiting on a serial device: expected I/O outcomes as values, not exceptions.</summary>
internal enum SerialWait : byte
{
    Ready,
    Timeout,

    /// <summary>The device is gone: unplugged (USB), or the other side of a pseudo-terminal closed.</summary>
    Gone,
}
