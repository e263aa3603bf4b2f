using System.Buffers.Binary;
using System.Device.I2c;

namespace EdgeWamp.Devices.Sensors.I2c;

/// <summary>
/// Sensirion SHT3x (SHT30/31/35) temperature and humidity sensor (datasheet SHT3x-DIS). Quantities: temperature
/// (°C), humidity (%). Single-shot mode sends a measurement command with clock stretching disabled on every read and
/// waits the datasheet's maximum duration; periodic mode starts the sensor measuring once and fetches (0xE000) the
/// latest pair. Each 16-bit word comes with a CRC-8 that is checked.
/// </summary>
internal sealed class Sht3xSensor : I2cSensor
{
    public const int DefaultAddress = 0x44;

    public static readonly string[] RepeatabilityChoices = ["high", "medium", "low"];
    public static readonly string[] ModeChoices = ["single", "periodic"];
    public static readonly string[] RateChoices = ["0.5", "1", "2", "4", "10"];

    /// <summary>Datasheet Table 9, clock stretching disabled (0x24xx), in <see cref="RepeatabilityChoices"/> order.</summary>
    private static readonly ushort[] SingleShotCommands = [0x2400, 0x240B, 0x2416];

    /// <summary>Datasheet Table 10: [rate, repeatability], rates in <see cref="RateChoices"/> order.</summary>
    private static readonly ushort[,] PeriodicCommands =
    {
        { 0x2032, 0x2024, 0x202F }, // 0.5 mps
        { 0x2130, 0x2126, 0x212D }, // 1 mps
        { 0x2236, 0x2220, 0x222B }, // 2 mps
        { 0x2334, 0x2322, 0x2329 }, // 4 mps
        { 0x2737, 0x2721, 0x272A }, // 10 mps
    };

    /// <summary>Datasheet section 2 (timing specifications), maximum measurement duration in ms, in <see cref="RepeatabilityChoices"/> order.</summary>
    private static readonly double[] MaxDurationsMs = [15, 6, 4];

    private const ushort FetchData = 0xE000; // 4.6, Table 11
    private const ushort Break = 0x3093; // 4.8: stop periodic data acquisition

    private static readonly SensorQuantity[] AllQuantities =
    [
        new("temperature", SensorUnits.Celsius),
        new("humidity", SensorUnits.RelativeHumidity),
    ];

    private readonly int _repeatability;
    private readonly int? _rate;

    /// <param name="repeatability">Index into <see cref="RepeatabilityChoices"/>.</param>
    /// <param name="rate">Index into <see cref="RateChoices"/> for periodic mode; null for single-shot.</param>
    public Sht3xSensor(SensorEnvironment environment, int bus, int address, int repeatability, int? rate, TimeProvider time)
        : base(environment, bus, address, time)
    {
        _repeatability = repeatability;
        _rate = rate;
    }

    public override IReadOnlyList<SensorQuantity> Quantities => AllQuantities;

    public TimeSpan MaxMeasurementTime => TimeSpan.FromMilliseconds(MaxDurationsMs[_repeatability]);

    protected override string Chip => "SHT3x";

    /// <summary>
    /// Stops any periodic acquisition a previous run left going (datasheet 4.8: send Break before other commands;
    /// the sensor needs 1 ms to abort), then in periodic mode starts it with the configured rate.
    /// </summary>
    protected override async ValueTask ConfigureAsync(I2cDevice device, CancellationToken cancellationToken)
    {
        WriteCommand(device, Break);
        await DelayAsync(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        if (_rate is int rate)
        {
            WriteCommand(device, PeriodicCommands[rate, _repeatability]);
            await DelayAsync(MaxMeasurementTime, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async ValueTask MeasureAsync(I2cDevice device, double[] values, CancellationToken cancellationToken)
    {
        if (_rate is null)
        {
            WriteCommand(device, SingleShotCommands[_repeatability]);

            // With clock stretching disabled the sensor NACKs a read header until the measurement is done.
            await DelayAsync(MaxMeasurementTime, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Periodic mode NACKs the read when no new pair was measured since the last fetch (datasheet 4.6).
            WriteCommand(device, FetchData);
        }

        ReadMeasurement(device, values);
    }

    /// <summary>
    /// Reads T(msb, lsb, crc) RH(msb, lsb, crc) (datasheet 4.4) and converts (4.13):
    /// T = -45 + 175 · S_T / (2¹⁶ - 1) °C, RH = 100 · S_RH / (2¹⁶ - 1) %.
    /// </summary>
    private static void ReadMeasurement(I2cDevice device, double[] values)
    {
        Span<byte> data = stackalloc byte[6];
        device.Read(data);
        if (Sht3xCrc.Compute(data[..2]) != data[2] || Sht3xCrc.Compute(data.Slice(3, 2)) != data[5])
        {
            throw new SensorException("CRC error");
        }

        values[0] = -45 + (175.0 * BinaryPrimitives.ReadUInt16BigEndian(data) / 65535);
        values[1] = 100.0 * BinaryPrimitives.ReadUInt16BigEndian(data[3..]) / 65535;
    }

    /// <summary>Commands are 16 bits, most significant byte first (datasheet 4.2).</summary>
    private static void WriteCommand(I2cDevice device, ushort command) =>
        device.Write([(byte)(command >> 8), (byte)command]);
}
