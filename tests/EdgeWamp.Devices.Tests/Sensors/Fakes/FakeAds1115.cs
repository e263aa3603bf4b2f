using System.Buffers.Binary;

namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>
/// An ADS1115 as its datasheet (SBAS444) describes it: a pointer register selecting Conversion (0x00), Config
/// (0x01, reset 0x8583), Lo_thresh (0x02, 0x8000) and Hi_thresh (0x03, 0x7FFF); 16-bit big-endian registers;
/// writing OS = 1 in single-shot mode starts a conversion of 1/DR seconds during which OS reads 0; the result is
/// the selected input (MUX) over the full-scale range (PGA) as a two's-complement code, clipped to ±FSR.
/// </summary>
internal sealed class FakeAds1115 : SimulatedI2cChip
{
    private static readonly double[] Ranges = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256];
    private static readonly int[] Rates = [8, 16, 32, 64, 128, 250, 475, 860];

    private readonly ushort[] _registers = [0x0000, 0x8583, 0x8000, 0x7FFF];
    private int _pointer;
    private TimeSpan? _conversionDone;

    public FakeAds1115(VirtualClock clock)
        : base(clock)
    {
    }

    /// <summary>
    /// How much slower than nominal the internal oscillator runs: the datasheet allows up to 10 % (output data rate
    /// variation), so the fake defaults to that worst case.
    /// </summary>
    public double Slowdown { get; set; } = 1.1;

    /// <summary>The voltages at AIN0..AIN3, relative to GND.</summary>
    public double[] Inputs { get; } = new double[4];

    public ushort Config => _registers[1];

    public int Conversions { get; private set; }

    public override void Write(ReadOnlySpan<byte> data)
    {
        Update();
        if (data.Length == 0 || (data[0] & 0xFC) != 0 || data.Length is not (1 or 3))
        {
            throw Nack();
        }

        _pointer = data[0];
        if (data.Length == 3)
        {
            ushort value = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
            if (_pointer == 0)
            {
                return; // the conversion register is read-only
            }

            if (_pointer == 1)
            {
                bool start = (value & 0x8000) != 0 && (value & 0x0100) != 0 && _conversionDone is null;
                _registers[1] = (ushort)(value & 0x7FFF);
                if (start)
                {
                    _conversionDone = Clock.Elapsed + TimeSpan.FromSeconds(Slowdown / Rates[(value >> 5) & 0x07]);
                }
            }
            else
            {
                _registers[_pointer] = value;
            }
        }
    }

    public override void Read(Span<byte> data)
    {
        Update();
        ushort value = _registers[_pointer];
        if (_pointer == 1 && _conversionDone is null)
        {
            value |= 0x8000; // OS reads 1 when no conversion is in progress
        }

        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        bytes[..Math.Min(2, data.Length)].CopyTo(data);
    }

    private void Update()
    {
        if (_conversionDone is not { } done || Clock.Elapsed < done)
        {
            return;
        }

        _conversionDone = null;
        Conversions++;
        ushort config = _registers[1];
        double volts = Selected((config >> 12) & 0x07);
        double fullScale = Ranges[(config >> 9) & 0x07];
        double code = Math.Round(volts / fullScale * 32768);
        _registers[0] = (ushort)(short)Math.Clamp(code, -32768, 32767);
    }

    /// <summary>MUX[2:0], datasheet Table 8.</summary>
    private double Selected(int mux) => mux switch
    {
        0 => Inputs[0] - Inputs[1],
        1 => Inputs[0] - Inputs[3],
        2 => Inputs[1] - Inputs[3],
        3 => Inputs[2] - Inputs[3],
        _ => Inputs[mux - 4],
    };
}
