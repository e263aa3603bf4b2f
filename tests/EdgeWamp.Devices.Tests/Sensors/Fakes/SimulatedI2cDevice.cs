using System.Device.I2c;

namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>
/// The <see cref="I2cDevice"/> a driver gets from <c>SensorEnvironment.OpenI2c</c>: like Linux's i2c-dev, opening
/// always succeeds, and transfers reach the chip at the address or fail with an I/O error when nothing answers.
/// </summary>
internal sealed class SimulatedI2cDevice : I2cDevice
{
    private readonly SimulatedI2cChip? _chip;
    private bool _disposed;

    public SimulatedI2cDevice(int bus, int address, SimulatedI2cChip? chip)
    {
        ConnectionSettings = new I2cConnectionSettings(bus, address);
        _chip = chip;
    }

    public override I2cConnectionSettings ConnectionSettings { get; }

    public bool IsDisposed => _disposed;

    public override byte ReadByte()
    {
        Span<byte> data = stackalloc byte[1];
        Read(data);
        return data[0];
    }

    public override void Read(Span<byte> buffer)
    {
        SimulatedI2cChip chip = Chip();
        chip.Transfers.Add($"R {buffer.Length}");
        chip.Read(buffer);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        SimulatedI2cChip chip = Chip();
        chip.Transfers.Add("W " + string.Join(" ", buffer.ToArray().Select(b => b.ToString("X2"))));
        chip.Write(buffer);
    }

    /// <summary>A combined transfer with a repeated START (I2C_RDWR), as UnixI2cDevice does it.</summary>
    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    private SimulatedI2cChip Chip()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _chip is { Present: true } chip ? chip : throw SimulatedI2cChip.Nack();
    }
}
