using System.Globalization;

namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// The sim board's environment sensor: temperature (°C), relative humidity (%RH) and pressure (Pa) that drift
/// slowly around an indoor climate, like a BME280 on a desk. Each quantity is an Ornstein–Uhlenbeck process (a random
/// walk pulled back to its mean), stepped by the time since the last read, so a fast poll sees small changes and a
/// slow poll larger ones; with a seed and a test clock the sequence is the same on every run.
/// </summary>
public sealed class SimulatedEnvironmentSensor : ISensorDriver
{
    /// <summary>The driver name in board files.</summary>
    public const string DriverName = "sim";

    // How long a deviation takes to decay to 1/e: two hours, a room's climate over a day. It also sets the jitter: at a
    // 5 s poll one step moves about 0.06 °C, 0.2 %RH and 11 Pa (spread × sqrt(2 × 5 s / 2 h)).
    private static readonly TimeSpan ReversionTime = TimeSpan.FromHours(2);

    private static readonly SensorQuantity[] QuantityList =
    [
        new("temperature", "°C"),
        new("humidity", "%RH"),
        new("pressure", "Pa"),
    ];

    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly double[] _means;

    // Stationary spreads: ±1.5 °C, ±5 %RH and ±300 Pa (3 hPa, a day's weather) around the means.
    private readonly double[] _spreads = [1.5, 5, 300];
    private readonly double[] _state = new double[3];
    private long _lastStep;
    private bool _started;

    public SimulatedEnvironmentSensor(int seed, TimeProvider time, double temperature = 21.5, double humidity = 45, double pressure = 101_325)
    {
        _random = new Random(seed);
        _time = time;
        _means = [temperature, humidity, pressure];
    }

    public IReadOnlyList<SensorQuantity> Quantities => QuantityList;

    /// <summary>
    /// Creates the sensor from board-file options: <c>seed</c> (integer; default: a new one each start), and the
    /// means <c>temperature</c> (°C), <c>humidity</c> (%RH), <c>pressure</c> (Pa).
    /// </summary>
    public static bool TryCreate(IReadOnlyDictionary<string, string> options, TimeProvider time, out SimulatedEnvironmentSensor? sensor, out string? error)
    {
        sensor = null;
        int seed = Random.Shared.Next();
        double temperature = 21.5, humidity = 45, pressure = 101_325;
        foreach ((string key, string value) in options)
        {
            bool valid = key switch
            {
                "seed" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed),
                "temperature" => TryParse(value, out temperature) && temperature is > -40 and < 85,
                "humidity" => TryParse(value, out humidity) && humidity is >= 0 and <= 100,
                "pressure" => TryParse(value, out pressure) && pressure is > 30_000 and < 110_000,
                _ => false,
            };
            if (!valid)
            {
                error = key is "seed" or "temperature" or "humidity" or "pressure"
                    ? $"option '{key}': '{value}' is not valid (seed: an integer; temperature -40..85 °C; humidity 0..100 %RH; pressure 30000..110000 Pa)"
                    : $"unknown option '{key}'; the sim driver takes: seed, temperature, humidity, pressure";
                return false;
            }
        }

        sensor = new SimulatedEnvironmentSensor(seed, time, temperature, humidity, pressure);
        error = null;
        return true;
    }

    public ValueTask ReadAsync(double[] values, CancellationToken cancellationToken)
    {
        long now = _time.GetTimestamp();
        if (!_started)
        {
            for (int i = 0; i < _state.Length; i++)
            {
                _state[i] = _means[i] + (_spreads[i] * 0.5 * NextGaussian());
            }
        }
        else
        {
            Step(_time.GetElapsedTime(_lastStep, now));
        }

        _lastStep = now;
        _started = true;
        values[0] = Math.Round(_state[0], 2);
        values[1] = Math.Round(Math.Clamp(_state[1], 0, 100), 2);
        values[2] = Math.Round(_state[2], 0);
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
    }

    private static bool TryParse(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>The exact Ornstein–Uhlenbeck step over <paramref name="elapsed"/> (any length, no drift blow-up).</summary>
    private void Step(TimeSpan elapsed)
    {
        double decay = Math.Exp(-elapsed.TotalSeconds / ReversionTime.TotalSeconds);
        double noise = Math.Sqrt(1 - (decay * decay));
        for (int i = 0; i < _state.Length; i++)
        {
            _state[i] = _means[i] + ((_state[i] - _means[i]) * decay) + (_spreads[i] * noise * NextGaussian());
        }
    }

    /// <summary>A standard normal sample (Box–Muller).</summary>
    private double NextGaussian()
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
