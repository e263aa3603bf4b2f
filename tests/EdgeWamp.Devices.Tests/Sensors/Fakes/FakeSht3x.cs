using EdgeWamp.Devices.Sensors.I2c;

namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>
/// An SHT3x as its datasheet (SHT3x-DIS) describes it: 16-bit commands; single-shot measurements without clock
/// stretching (0x24xx) during which the sensor NACKs its read header; periodic mode (Table 10) with Fetch Data
/// (0xE000), which NACKs when no new pair was measured; Break (0x3093); and 6-byte results, each word followed by
/// its CRC-8. Unknown commands and commands during a measurement are NACKed.
/// </summary>
internal sealed class FakeSht3x : SimulatedI2cChip
{
    private static readonly Dictionary<ushort, double> SingleShotMaxMs = new() { [0x2400] = 15, [0x240B] = 6, [0x2416] = 4 };

    /// <summary>Periodic commands and their measurements per second.</summary>
    private static readonly Dictionary<ushort, double> Periodic = new()
    {
        [0x2032] = 0.5, [0x2024] = 0.5, [0x202F] = 0.5,
        [0x2130] = 1, [0x2126] = 1, [0x212D] = 1,
        [0x2236] = 2, [0x2220] = 2, [0x222B] = 2,
        [0x2334] = 4, [0x2322] = 4, [0x2329] = 4,
        [0x2737] = 10, [0x2721] = 10, [0x272A] = 10,
    };

    private TimeSpan _busyUntil;
    private bool _resultReady;
    private double? _rate;
    private TimeSpan _periodicStart;
    private long _fetchedCycles;
    private bool _fetchPending;

    public FakeSht3x(VirtualClock clock)
        : base(clock)
    {
    }

    public double Temperature { get; set; }

    public double Humidity { get; set; }

    /// <summary>Flip one bit of this byte (0..5) of the next result, as noise on SDA would; -1 for none.</summary>
    public int CorruptNextByte { get; set; } = -1;

    public bool InPeriodicMode => _rate is not null;

    public int SingleShots { get; private set; }

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (Clock.Elapsed < _busyUntil || data.Length != 2)
        {
            throw Nack();
        }

        ushort command = (ushort)((data[0] << 8) | data[1]);
        if (command == 0x3093)
        {
            _rate = null;
            _busyUntil = Clock.Elapsed + TimeSpan.FromMilliseconds(1);
        }
        else if (_rate is null && SingleShotMaxMs.TryGetValue(command, out double ms))
        {
            SingleShots++;
            _busyUntil = Clock.Elapsed + TimeSpan.FromMilliseconds(ms);
            _resultReady = true;
        }
        else if (_rate is null && Periodic.TryGetValue(command, out double rate))
        {
            _rate = rate;
            _periodicStart = Clock.Elapsed;
            _fetchedCycles = 0;
        }
        else if (_rate is not null && command == 0xE000)
        {
            _fetchPending = true;
        }
        else
        {
            throw Nack(); // not a command in this state
        }
    }

    public override void Read(Span<byte> data)
    {
        if (_rate is double rate)
        {
            // A measurement at the start of every period, each ready after the 15 ms measurement duration.
            TimeSpan running = Clock.Elapsed - _periodicStart - TimeSpan.FromMilliseconds(15);
            long cycles = running < TimeSpan.Zero ? 0 : (long)(running.TotalSeconds * rate) + 1;
            if (!_fetchPending || cycles <= _fetchedCycles)
            {
                throw Nack();
            }

            _fetchPending = false;
            _fetchedCycles = cycles;
        }
        else if (Clock.Elapsed < _busyUntil || !_resultReady)
        {
            throw Nack();
        }
        else
        {
            _resultReady = false;
        }

        Span<byte> result = stackalloc byte[6];
        Encode(result[..3], (ushort)Math.Round((Temperature + 45) * 65535 / 175));
        Encode(result[3..], (ushort)Math.Round(Humidity * 65535 / 100));
        if (CorruptNextByte >= 0)
        {
            result[CorruptNextByte] ^= 0x10;
            CorruptNextByte = -1;
        }

        result[..Math.Min(6, data.Length)].CopyTo(data);
    }

    private static void Encode(Span<byte> word, ushort value)
    {
        word[0] = (byte)(value >> 8);
        word[1] = (byte)value;
        word[2] = Sht3xCrc.Compute(word[..2]);
    }
}
