namespace EdgeWamp.Transports.Serial;

/// <summary>Settings of a serial line that carries text lines rather than WAMP (the line bridge).</summary>
public sealed class SerialLineListenerOptions
{
    public required SerialPortSettings Port { get; init; }

    /// <summary>The longest line kept; a longer one is dropped whole (a device that lost its line endings).</summary>
    /// <remarks>Defaults to 1024 bytes; an NMEA 0183 sentence is at most 82.</remarks>
    public int MaxLineLength { get; init; } = 1024;

    /// <summary>What ends each line written to the device.</summary>
    /// <remarks>Defaults to LF.</remarks>
    public string LineEnding { get; init; } = "\n";

    /// <summary>Bytes queued for the device before writes are refused.</summary>
    /// <remarks>Defaults to 64 KiB.</remarks>
    public int MaxOutboxBytes { get; init; } = 64 << 10;
}
