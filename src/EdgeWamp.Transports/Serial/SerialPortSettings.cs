namespace EdgeWamp.Transports.Serial;

/// <summary>Which serial device to open and how to set up its line (termios).</summary>
public sealed class SerialPortSettings
{
    /// <summary>The device path, e.g. <c>/dev/ttyUSB0</c>, or a stable link such as <c>/dev/serial/by-id/usb-...</c>.</summary>
    public required string Device { get; init; }

    /// <summary>The line speed in bits per second: one of <see cref="Termios.SupportedBaudRates"/>.</summary>
    /// <remarks>Defaults to 115200.</remarks>
    public int Baud { get; init; } = 115200;

    /// <summary>Data bits per character, 5 to 8.</summary>
    /// <remarks>Defaults to 8.</remarks>
    public int DataBits { get; init; } = 8;

    /// <remarks>Defaults to none.</remarks>
    public SerialParity Parity { get; init; } = SerialParity.None;

    /// <summary>Stop bits per character, 1 or 2.</summary>
    /// <remarks>Defaults to 1.</remarks>
    public int StopBits { get; init; } = 1;

    /// <remarks>Defaults to none.</remarks>
    public SerialFlowControl FlowControl { get; init; } = SerialFlowControl.None;

    /// <summary>The shortest wait before trying to open the device again after it failed or went away.</summary>
    /// <remarks>Defaults to 50 ms; each failed attempt doubles the wait up to <see cref="ReopenBackoffMax"/>.</remarks>
    public TimeSpan ReopenBackoffMin { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest wait between attempts to open the device.</summary>
    /// <remarks>Defaults to 1 s, so a device plugged back in is open again within about a second.</remarks>
    public TimeSpan ReopenBackoffMax { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The baud rates a Linux serial driver takes by name (termios B50 ... B4000000).</summary>
    public static IReadOnlyCollection<int> StandardBaudRates => Termios.SupportedBaudRates.Keys;

    /// <summary>Bits on the line per character: start bit, data, parity, stop. The byte rate is <c>Baud / BitsPerCharacter</c>.</summary>
    public int BitsPerCharacter => 1 + DataBits + (Parity == SerialParity.None ? 0 : 1) + StopBits;
}
