using System.Buffers.Binary;
using System.Device.I2c;

namespace EdgeWamp.Devices.Sensors.I2c;

/// <summary>
/// TI ADS1115 16-bit ADC (datasheet SBAS444). One quantity per configured input, in volts: single-ended
/// <c>ain0</c>..<c>ain3</c> (against GND) or differential <c>ain0-ain1</c>, <c>ain0-ain3</c>, <c>ain1-ain3</c>,
/// <c>ain2-ain3</c> (published as <c>ain0_ain1</c>, ...). Each input is measured by a single-shot conversion:
/// write the Config register with OS = 1, wait one conversion period, poll OS until it reads 1, then read the
/// Conversion register.
/// </summary>
internal sealed class Ads1115Sensor : I2cSensor
{
    public const int DefaultAddress = 0x48;

    /// <summary>Inputs in MUX[2:0] code order (datasheet, Config register field descriptions).</summary>
    public static readonly string[] InputChoices = ["ain0-ain1", "ain0-ain3", "ain1-ain3", "ain2-ain3", "ain0", "ain1", "ain2", "ain3"];

    /// <summary>Full-scale ranges in volts in PGA[2:0] code order (Config register).</summary>
    public static readonly string[] RangeChoices = ["6.144", "4.096", "2.048", "1.024", "0.512", "0.256"];

    /// <summary>Data rates in samples per second in DR[2:0] code order (Config register).</summary>
    public static readonly string[] RateChoices = ["8", "16", "32", "64", "128", "250", "475", "860"];

    private static readonly double[] Ranges = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256];
    private static readonly int[] Rates = [8, 16, 32, 64, 128, 250, 475, 860];

    // Address Pointer register values (datasheet, "Address Pointer Register").
    private const byte ConversionRegister = 0x00;
    private const byte ConfigRegister = 0x01;

    // Config register bits (datasheet, "Config Register").
    private const ushort OsStart = 0x8000; // write: start a single conversion; read: 1 = no conversion in progress
    private const ushort ModeSingleShot = 0x0100;
    private const ushort ComparatorDisabled = 0x0003; // COMP_QUE = 11

    private readonly int[] _muxCodes;
    private readonly int _rangeCode;
    private readonly int _rateCode;
    private readonly SensorQuantity[] _quantities;

    /// <param name="muxCodes">The inputs to measure, as indices into <see cref="InputChoices"/>.</param>
    /// <param name="rangeCode">Index into <see cref="RangeChoices"/>.</param>
    /// <param name="rateCode">Index into <see cref="RateChoices"/>.</param>
    public Ads1115Sensor(SensorEnvironment environment, int bus, int address, int[] muxCodes, int rangeCode, int rateCode, TimeProvider time)
        : base(environment, bus, address, time)
    {
        _muxCodes = muxCodes;
        _rangeCode = rangeCode;
        _rateCode = rateCode;
        _quantities = Array.ConvertAll(muxCodes, code => new SensorQuantity(InputChoices[code].Replace('-', '_'), SensorUnits.Volt));
    }

    public override IReadOnlyList<SensorQuantity> Quantities => _quantities;

    /// <summary>
    /// One conversion takes 1/DR; the internal oscillator may run 10 % slow (datasheet Electrical Characteristics, "Output data rate
    /// variation"), and the device wakes from power-down in about 25 µs first ("Single-Shot Mode").
    /// </summary>
    public TimeSpan ConversionTime => TimeSpan.FromSeconds(1.1 / Rates[_rateCode]) + TimeSpan.FromMicroseconds(100);

    protected override string Chip => "ADS1115";

    /// <summary>Nothing to configure ahead: every conversion writes the whole Config register.</summary>
    protected override ValueTask ConfigureAsync(I2cDevice device, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    protected override async ValueTask MeasureAsync(I2cDevice device, double[] values, CancellationToken cancellationToken)
    {
        double voltsPerCode = Ranges[_rangeCode] / 32768; // LSB = FSR / 2¹⁵ (datasheet, "Full-Scale Range and LSB Size")
        for (int i = 0; i < _muxCodes.Length; i++)
        {
            ushort config = (ushort)(OsStart | (_muxCodes[i] << 12) | (_rangeCode << 9) | ModeSingleShot | (_rateCode << 5) | ComparatorDisabled);
            WriteRegister(device, ConfigRegister, config);
            await DelayAsync(ConversionTime, cancellationToken).ConfigureAwait(false);
            for (int poll = 0; (ReadRegister(device, ConfigRegister) & OsStart) == 0; poll++)
            {
                if (poll == 10)
                {
                    throw new SensorException("ADS1115 conversion did not complete");
                }

                await DelayAsync(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }

            values[i] = (short)ReadRegister(device, ConversionRegister) * voltsPerCode;
        }
    }

    /// <summary>Write: pointer byte, then the 16-bit register, most significant byte first (datasheet, "Writing To and Reading From the Registers").</summary>
    private static void WriteRegister(I2cDevice device, byte register, ushort value) =>
        device.Write([register, (byte)(value >> 8), (byte)value]);

    /// <summary>Read: write the pointer, then read two bytes, most significant first (same section).</summary>
    private static ushort ReadRegister(I2cDevice device, byte register)
    {
        Span<byte> value = stackalloc byte[2];
        device.Write([register]);
        device.Read(value);
        return BinaryPrimitives.ReadUInt16BigEndian(value);
    }
}
