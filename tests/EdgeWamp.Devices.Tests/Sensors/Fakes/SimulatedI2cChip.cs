namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>
/// A chip on a simulated I2C bus, modelled as its datasheet describes its register map and command set. A chip
/// that is not <see cref="Present"/> does not acknowledge its address, which Linux reports as an I/O error.
/// </summary>
internal abstract class SimulatedI2cChip
{
    protected SimulatedI2cChip(VirtualClock clock)
    {
        Clock = clock;
    }

    /// <summary>False: the chip is unplugged or dead and NACKs every transfer.</summary>
    public bool Present { get; set; } = true;

    /// <summary>Every transfer, e.g. "W F2 01" or "R 8", in order.</summary>
    public List<string> Transfers { get; } = [];

    protected VirtualClock Clock { get; }

    /// <summary>A write transfer (START, address+W, bytes, STOP).</summary>
    public abstract void Write(ReadOnlySpan<byte> data);

    /// <summary>A read transfer (START, address+R, bytes, STOP).</summary>
    public abstract void Read(Span<byte> data);

    /// <summary>The error UnixI2cDevice raises when the ioctl fails with EREMOTEIO (no ACK).</summary>
    public static IOException Nack() => new("Error 121 performing I2C data transfer.");
}
