using System.Buffers.Binary;
using System.Device.I2c;

namespace EdgeWamp.Devices.Sensors.I2c;

/// <summary>
/// ROHM BH1750FVI ambient light sensor (datasheet, "Instruction Set Architecture" and "Measurement sequence").
/// Quantity: illuminance (lx) = count / 1.2 × 69 / MTreg (÷ 2 more in H-resolution mode 2).
/// </summary>
internal sealed class Bh1750Sensor : I2cSensor
{
    public const int DefaultAddress = 0x23; // ADDR pin low; 0x5C when high

    public static readonly string[] ModeChoices = ["one-time", "continuous"];
    public static readonly string[] ResolutionChoices = ["high", "high2", "low"];

    /// <summary>MTreg range (datasheet "Adjust measurement result for influence of optical window": 31..254).</summary>
    public const int MinMeasurementTime = 31;
    public const int MaxMeasurementTimeRegister = 254;
    public const int DefaultMeasurementTime = 69;

    private const byte PowerOn = 0x01;

    /// <summary>Opcodes in <see cref="ResolutionChoices"/> order: continuous 0x10/0x11/0x13, one-time 0x20/0x21/0x23.</summary>
    private static readonly byte[] ContinuousOpcodes = [0x10, 0x11, 0x13];
    private static readonly byte[] OneTimeOpcodes = [0x20, 0x21, 0x23];

    /// <summary>Maximum measurement time at MTreg 69, in ms: H-resolution 180, L-resolution 24 (Electrical Characteristics).</summary>
    private static readonly double[] MaxTimesMs = [180, 180, 24];

    private static readonly SensorQuantity[] IlluminanceOnly = [new("illuminance", SensorUnits.Lux)];

    private readonly bool _oneTime;
    private readonly int _resolution;
    private readonly int _mtreg;

    /// <param name="oneTime">One-time mode (measure on each read, then power down) instead of continuous.</param>
    /// <param name="resolution">Index into <see cref="ResolutionChoices"/>.</param>
    /// <param name="mtreg">Measurement time register, 31..254 (69 by default); sensitivity scales with it.</param>
    public Bh1750Sensor(SensorEnvironment environment, int bus, int address, bool oneTime, int resolution, int mtreg, TimeProvider time)
        : base(environment, bus, address, time)
    {
        _oneTime = oneTime;
        _resolution = resolution;
        _mtreg = mtreg;
    }

    public override IReadOnlyList<SensorQuantity> Quantities => IlluminanceOnly;

    /// <summary>The measurement time grows with MTreg (datasheet: "measurement time is ... proportional to MTreg").</summary>
    public TimeSpan MaxMeasurementTime => TimeSpan.FromMilliseconds(MaxTimesMs[_resolution] * _mtreg / DefaultMeasurementTime);

    protected override string Chip => "BH1750";

    /// <summary>Continuous mode: power on, set MTreg and start measuring once.</summary>
    protected override async ValueTask ConfigureAsync(I2cDevice device, CancellationToken cancellationToken)
    {
        if (!_oneTime)
        {
            Start(device, ContinuousOpcodes[_resolution]);
            await DelayAsync(MaxMeasurementTime, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async ValueTask MeasureAsync(I2cDevice device, double[] values, CancellationToken cancellationToken)
    {
        if (_oneTime)
        {
            // One-time mode powers down after each measurement, so each read powers on and measures again. Writing
            // MTreg every time also undoes a power cycle the bus did not notice (the chip resets MTreg to 69).
            Start(device, OneTimeOpcodes[_resolution]);
            await DelayAsync(MaxMeasurementTime, cancellationToken).ConfigureAwait(false);
        }

        Span<byte> data = stackalloc byte[2];
        device.Read(data);
        double lux = BinaryPrimitives.ReadUInt16BigEndian(data) / 1.2 * DefaultMeasurementTime / _mtreg;
        values[0] = _resolution == 1 ? lux / 2 : lux;
    }

    /// <summary>Power On; MTreg as high bits 01000_MT[7:5] and low bits 011_MT[4:0]; then the measurement opcode.</summary>
    private void Start(I2cDevice device, byte opcode)
    {
        device.WriteByte(PowerOn);
        device.WriteByte((byte)(0b0100_0000 | (_mtreg >> 5)));
        device.WriteByte((byte)(0b0110_0000 | (_mtreg & 0x1F)));
        device.WriteByte(opcode);
    }
}
