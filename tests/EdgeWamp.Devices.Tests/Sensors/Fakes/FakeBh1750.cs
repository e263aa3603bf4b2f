namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>
/// A BH1750FVI as its datasheet describes it: one-byte instructions (Power Down 0x00, Power On 0x01, Reset 0x07,
/// continuous 0x10/0x11/0x13, one-time 0x20/0x21/0x23, MTreg high 01000_xxx and low 011_xxxxx); measurement
/// commands are accepted only when powered on; a result appears in the 16-bit data register after the typical
/// measurement time (120 ms H-resolution, 16 ms L-resolution, × MTreg/69); one-time mode powers down afterwards.
/// Count = lux × 1.2 × MTreg/69 (× 2 in H-resolution mode 2).
/// </summary>
internal sealed class FakeBh1750 : SimulatedI2cChip
{
    private bool _poweredOn;
    private byte _mode;
    private int _mtreg = 69;
    private int _pendingMtHigh = -1;
    private TimeSpan? _resultAt;
    private ushort _data;

    public FakeBh1750(VirtualClock clock)
        : base(clock)
    {
    }

    public double Illuminance { get; set; }

    public bool PoweredOn => _poweredOn;

    public int MeasurementTime => _mtreg;

    public override void Write(ReadOnlySpan<byte> data)
    {
        Update();
        foreach (byte instruction in data)
        {
            Execute(instruction);
        }
    }

    public override void Read(Span<byte> data)
    {
        Update();
        if (data.Length > 0)
        {
            data[0] = (byte)(_data >> 8);
        }

        if (data.Length > 1)
        {
            data[1] = (byte)_data;
        }
    }

    /// <summary>Power is cut and restored: the chip starts powered down with MTreg 69.</summary>
    public void PowerCycle()
    {
        _poweredOn = false;
        _mode = 0;
        _mtreg = 69;
        _resultAt = null;
        _data = 0;
    }

    private void Execute(byte instruction)
    {
        switch (instruction)
        {
            case 0x00:
                _poweredOn = false;
                _resultAt = null;
                break;
            case 0x01:
                _poweredOn = true;
                break;
            case 0x07 when _poweredOn:
                _data = 0; // reset clears the data register; not accepted while powered down
                break;
            case 0x10 or 0x11 or 0x13 or 0x20 or 0x21 or 0x23 when _poweredOn:
                _mode = instruction;
                _resultAt = Clock.Elapsed + MeasurementDuration();
                break;
            case >= 0x40 and <= 0x47:
                _pendingMtHigh = instruction & 0x07;
                break;
            case >= 0x60 and <= 0x7F when _pendingMtHigh >= 0:
                _mtreg = (_pendingMtHigh << 5) | (instruction & 0x1F);
                _pendingMtHigh = -1;
                break;
            default:
                break; // ignored, as the chip ignores instructions it does not accept in its state
        }
    }

    private TimeSpan MeasurementDuration() =>
        TimeSpan.FromMilliseconds(((_mode & 0x0F) == 0x03 ? 16 : 120) * _mtreg / 69.0);

    private void Update()
    {
        if (_resultAt is not { } at || Clock.Elapsed < at)
        {
            return;
        }

        double count = Illuminance * 1.2 * _mtreg / 69 * ((_mode & 0x0F) == 0x01 ? 2 : 1);
        _data = (ushort)Math.Clamp(Math.Round(count), 0, 65535);
        if ((_mode & 0xF0) == 0x20)
        {
            _poweredOn = false; // one-time mode: "automatically set to Power Down mode after measurement"
            _resultAt = null;
        }
        else
        {
            _resultAt = at + MeasurementDuration(); // continuous mode keeps measuring
        }
    }
}
