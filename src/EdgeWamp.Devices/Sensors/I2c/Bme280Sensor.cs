using System.Device.I2c;

namespace EdgeWamp.Devices.Sensors.I2c;

/// <summary>
/// Bosch BME280 temperature, pressure and humidity sensor over I2C (datasheet BST-BME280-DS002). Quantities:
/// temperature (°C), pressure (Pa), humidity (%). Configures, in the datasheet's order, ctrl_hum before ctrl_meas
/// (5.4.3: ctrl_hum takes effect only after a write to ctrl_meas) and config while the chip sleeps (5.4.6: writes
/// to config in normal mode may be ignored); in forced mode each read starts one measurement.
/// </summary>
internal sealed class Bme280Sensor : I2cSensor
{
    public const int DefaultAddress = 0x76;

    // Register map, datasheet 5.3 Table 18.
    private const byte ChipIdRegister = 0xD0;
    private const byte ResetRegister = 0xE0;
    private const byte CtrlHumRegister = 0xF2;
    private const byte StatusRegister = 0xF3;
    private const byte CtrlMeasRegister = 0xF4;
    private const byte ConfigRegister = 0xF5;
    private const byte DataRegister = 0xF7; // press_msb..hum_lsb, 0xF7..0xFE
    private const byte FirstCalibrationRegister = 0x88;
    private const byte SecondCalibrationRegister = 0xE1;

    private const byte ChipId = 0x60; // 5.4.1
    private const byte Bmp280ChipId = 0x58; // a common mix-up: the BMP280 has no humidity
    private const byte ResetCommand = 0xB6; // 5.4.2
    private const byte StatusMeasuring = 0x08; // status[3]
    private const byte StatusImUpdate = 0x01; // status[0]: NVM data being copied to image registers
    private const byte ModeSleep = 0b00;
    private const byte ModeForced = 0b01;
    private const byte ModeNormal = 0b11;

    /// <summary>The value a data register keeps when its measurement was skipped or has not run (5.4.7-5.4.9).</summary>
    private const int SkippedTemperature = 0x80000;
    private const int SkippedHumidity = 0x8000;

    private static readonly SensorQuantity[] AllQuantities =
    [
        new("temperature", SensorUnits.Celsius),
        new("pressure", SensorUnits.Pascal),
        new("humidity", SensorUnits.RelativeHumidity),
    ];

    private readonly Bme280Settings _settings;
    private readonly byte[] _buffer = new byte[Bme280Calibration.FirstBlockLength];
    private Bme280Calibration? _calibration;

    public Bme280Sensor(SensorEnvironment environment, int bus, int address, Bme280Settings settings, TimeProvider time)
        : base(environment, bus, address, time)
    {
        _settings = settings;
    }

    public override IReadOnlyList<SensorQuantity> Quantities => AllQuantities;

    protected override string Chip => "BME280";

    /// <summary>
    /// Datasheet Appendix B / 9.1: t_measure,max = 1.25 + 2.3·osrs_t + (2.3·osrs_p + 0.575) + (2.3·osrs_h + 0.575) ms,
    /// where osrs_x is the number of samples.
    /// </summary>
    public TimeSpan MaxMeasurementTime
    {
        get
        {
            int samples = _settings.Oversampling;
            double ms = 1.25 + (2.3 * samples) + ((2.3 * samples) + 0.575) + ((2.3 * samples) + 0.575);
            return TimeSpan.FromMilliseconds(ms);
        }
    }

    /// <summary>1. check the chip id; 2. soft reset and wait for the NVM copy; 3. read calibration; 4. configure.</summary>
    protected override async ValueTask ConfigureAsync(I2cDevice device, CancellationToken cancellationToken)
    {
        byte id = ReadRegister(device, ChipIdRegister);
        if (id != ChipId)
        {
            string what = id == Bmp280ChipId ? "a BMP280, which has no humidity sensor" : "not a BME280";
            throw new SensorException($"chip id 0x{id:x2} at 0xD0 is {what} (expected 0x60)");
        }

        WriteRegister(device, ResetRegister, ResetCommand);
        await DelayAsync(TimeSpan.FromMilliseconds(2), cancellationToken).ConfigureAwait(false); // t_startup, datasheet Table 1
        for (int i = 0; (ReadRegister(device, StatusRegister) & StatusImUpdate) != 0; i++)
        {
            if (i == 10)
            {
                throw new SensorException("BME280 did not finish loading its calibration after reset");
            }

            await DelayAsync(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        }

        _calibration = ReadCalibration(device);

        byte osrs = _settings.OversamplingCode;
        WriteRegister(device, CtrlHumRegister, osrs);
        WriteRegister(device, ConfigRegister, (byte)((_settings.StandbyCode << 5) | (_settings.FilterCode << 2)));
        byte mode = _settings.Normal ? ModeNormal : ModeSleep;
        WriteRegister(device, CtrlMeasRegister, (byte)((osrs << 5) | (osrs << 2) | mode));
        if (_settings.Normal)
        {
            // The first normal-mode cycle must complete before the data registers leave their reset values.
            await DelayAsync(MaxMeasurementTime, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async ValueTask MeasureAsync(I2cDevice device, double[] values, CancellationToken cancellationToken)
    {
        if (!_settings.Normal)
        {
            byte osrs = _settings.OversamplingCode;
            WriteRegister(device, CtrlMeasRegister, (byte)((osrs << 5) | (osrs << 2) | ModeForced));
            await DelayAsync(MaxMeasurementTime, cancellationToken).ConfigureAwait(false);
            for (int i = 0; (ReadRegister(device, StatusRegister) & StatusMeasuring) != 0; i++)
            {
                if (i == 10)
                {
                    throw new SensorException("BME280 measurement did not complete");
                }

                await DelayAsync(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
        }

        RawData raw = ReadData(device);
        if (raw.Humidity == SkippedHumidity)
        {
            // ctrl_hum is back at its reset value (skip): the chip was power-cycled while the bus stayed up.
            throw new SensorException("BME280 skipped the humidity measurement: it lost its configuration (power cycle?)");
        }

        Compensate(raw, values);
    }

    private void Compensate(RawData raw, double[] values)
    {
        if (raw.Temperature == SkippedTemperature)
        {
            throw new SensorException("BME280 data registers still hold their reset value (no measurement yet)");
        }

        Bme280Calibration calibration = _calibration!;
        values[0] = calibration.CompensateTemperature(raw.Temperature, out int tFine) / 100.0;
        values[1] = calibration.CompensatePressure(raw.Pressure, tFine) / 256.0;
        values[2] = calibration.CompensateHumidity(raw.Humidity, tFine) / 1024.0;
    }

    /// <summary>One burst read of 0xF7..0xFE, so all three values come from the same measurement (datasheet 4).</summary>
    private RawData ReadData(I2cDevice device)
    {
        Span<byte> data = stackalloc byte[8];
        device.WriteRead([DataRegister], data);
        return new RawData(
            Pressure: (data[0] << 12) | (data[1] << 4) | (data[2] >> 4),
            Temperature: (data[3] << 12) | (data[4] << 4) | (data[5] >> 4),
            Humidity: (data[6] << 8) | data[7]);
    }

    private Bme280Calibration ReadCalibration(I2cDevice device)
    {
        Span<byte> second = stackalloc byte[Bme280Calibration.SecondBlockLength];
        device.WriteRead([FirstCalibrationRegister], _buffer);
        device.WriteRead([SecondCalibrationRegister], second);
        return Bme280Calibration.Parse(_buffer, second);
    }

    private static byte ReadRegister(I2cDevice device, byte register)
    {
        Span<byte> value = stackalloc byte[1];
        device.WriteRead([register], value);
        return value[0];
    }

    /// <summary>I2C write: register address, then data (datasheet 6.2.1); one register per transfer.</summary>
    private static void WriteRegister(I2cDevice device, byte register, byte value) => device.Write([register, value]);

    private readonly record struct RawData(int Pressure, int Temperature, int Humidity);
}
