using System.Buffers.Binary;

namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>
/// A BME280 as its datasheet (BST-BME280-DS002) describes it over I2C: a 256-byte register map with chip id 0x60
/// at 0xD0, calibration at 0x88..0xA1 and 0xE1..0xE7, writes as (register, value) pairs, reads that auto-increment
/// from the last written register, soft reset (0xE0 ← 0xB6), ctrl_hum latched only by a ctrl_meas write, forced
/// mode that sets status.measuring for the measurement time and then returns to sleep, and data registers that
/// keep their reset values (0x80000 / 0x8000) until a measurement completes or when a measurement is skipped.
/// </summary>
internal sealed class FakeBme280 : SimulatedI2cChip
{
    private readonly byte[] _registers = new byte[256];
    private byte _pointer;
    private int _latchedHumidityOversampling;
    private TimeSpan _measurementDone;
    private bool _measuring;

    public FakeBme280(VirtualClock clock, ReadOnlySpan<byte> firstCalibration, ReadOnlySpan<byte> secondCalibration)
        : base(clock)
    {
        firstCalibration.CopyTo(_registers.AsSpan(0x88));
        secondCalibration.CopyTo(_registers.AsSpan(0xE1));
        PowerOnReset();
    }

    /// <summary>The raw ADC outputs the next measurement produces.</summary>
    public int AdcTemperature { get; set; }

    public int AdcPressure { get; set; }

    public int AdcHumidity { get; set; }

    /// <summary>The chip id register; 0x58 makes it a BMP280.</summary>
    public byte ChipId
    {
        get => _registers[0xD0];
        set => _registers[0xD0] = value;
    }

    public byte CtrlHum => _registers[0xF2];

    public byte CtrlMeas => _registers[0xF4];

    public byte Config => _registers[0xF5];

    public int Measurements { get; private set; }

    /// <summary>Power is cut and restored: every register but the NVM copies returns to its reset value.</summary>
    public void PowerOnReset()
    {
        byte id = _registers[0xD0] == 0 ? (byte)0x60 : _registers[0xD0];
        Array.Clear(_registers, 0xF2, 0xFF - 0xF2 + 1);
        _registers[0xD0] = id;
        _registers[0xF7] = 0x80; // press 0x80000
        _registers[0xFA] = 0x80; // temp 0x80000
        _registers[0xFD] = 0x80; // hum 0x8000
        _latchedHumidityOversampling = 0;
        _measuring = false;
    }

    public override void Write(ReadOnlySpan<byte> data)
    {
        Update();
        if (data.Length == 0)
        {
            return;
        }

        // Datasheet 6.2.1: a write is a register address followed by data, repeated as pairs (no auto-increment).
        _pointer = data[0];
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            WriteRegister(data[i], data[i + 1]);
        }
    }

    public override void Read(Span<byte> data)
    {
        Update();
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = ReadRegister((byte)(_pointer + i));
        }
    }

    private byte ReadRegister(byte register) => register == 0xF3 ? (byte)(_measuring ? 0x08 : 0x00) : _registers[register];

    private void WriteRegister(byte register, byte value)
    {
        switch (register)
        {
            case 0xE0 when value == 0xB6:
                PowerOnReset();
                break;
            case 0xF2:
                _registers[0xF2] = (byte)(value & 0x07);
                break;
            case 0xF4:
                _registers[0xF4] = value;
                _latchedHumidityOversampling = _registers[0xF2] & 0x07; // 5.4.3
                if ((value & 0x03) is 0x01 or 0x02 or 0x03)
                {
                    StartMeasurement();
                }

                break;
            case 0xF5:
                // 5.4.6: writes to config in normal mode may be ignored; this chip ignores them.
                if ((_registers[0xF4] & 0x03) != 0x03)
                {
                    _registers[0xF5] = (byte)(value & 0xFD);
                }

                break;
            default:
                break; // read-only registers ignore writes
        }
    }

    /// <summary>Typical measurement time, datasheet 9.1: 1 + 2·osrs_t + (2·osrs_p + 0.5) + (2·osrs_h + 0.5) ms.</summary>
    private void StartMeasurement()
    {
        int t = Samples(_registers[0xF4] >> 5);
        int p = Samples((_registers[0xF4] >> 2) & 0x07);
        int h = Samples(_latchedHumidityOversampling);
        double ms = 1 + (2.0 * t) + (p > 0 ? (2.0 * p) + 0.5 : 0) + (h > 0 ? (2.0 * h) + 0.5 : 0);
        _measuring = true;
        _measurementDone = Clock.Elapsed + TimeSpan.FromMilliseconds(ms);
    }

    private void Update()
    {
        if (!_measuring || Clock.Elapsed < _measurementDone)
        {
            return;
        }

        Measurements++;
        StoreResults();
        if ((_registers[0xF4] & 0x03) == 0x03)
        {
            StartMeasurement(); // normal mode keeps cycling (standby time not modelled)
        }
        else
        {
            _measuring = false;
            _registers[0xF4] &= 0xFC; // forced mode returns to sleep (3.3.2)
        }
    }

    private void StoreResults()
    {
        int temperature = (_registers[0xF4] >> 5) == 0 ? 0x80000 : AdcTemperature;
        int pressure = ((_registers[0xF4] >> 2) & 0x07) == 0 ? 0x80000 : AdcPressure;
        int humidity = _latchedHumidityOversampling == 0 ? 0x8000 : AdcHumidity;
        Write20(0xF7, pressure);
        Write20(0xFA, temperature);
        BinaryPrimitives.WriteUInt16BigEndian(_registers.AsSpan(0xFD), (ushort)humidity);
    }

    private void Write20(int register, int value)
    {
        _registers[register] = (byte)(value >> 12);
        _registers[register + 1] = (byte)(value >> 4);
        _registers[register + 2] = (byte)((value & 0x0F) << 4);
    }

    private static int Samples(int code) => code == 0 ? 0 : 1 << Math.Min(code - 1, 4);
}
