using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Tests.TestSupport;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Devices.Tests.Sensors;

public sealed class SimulatedEnvironmentSensorTests
{
    [Fact]
    public async Task ReadAsync_SameSeedAndClock_GivesTheSameSequence()
    {
        double[][] first = await ReadDay(seed: 42);
        double[][] second = await ReadDay(seed: 42);
        double[][] other = await ReadDay(seed: 43);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task ReadAsync_OverADay_StaysIndoorsAndDriftsSlowly()
    {
        double[][] readings = await ReadDay(seed: 7);

        for (int i = 0; i < readings.Length; i++)
        {
            Assert.InRange(readings[i][0], 14, 29);
            Assert.InRange(readings[i][1], 20, 70);
            Assert.InRange(readings[i][2], 99_000, 103_600);
            if (i > 0)
            {
                // 5 s apart: a room does not jump (a step's spread is about 0.06 °C, 0.2 %RH, 11 Pa; these are 7 spreads).
                Assert.InRange(Math.Abs(readings[i][0] - readings[i - 1][0]), 0, 0.4);
                Assert.InRange(Math.Abs(readings[i][1] - readings[i - 1][1]), 0, 1.4);
                Assert.InRange(Math.Abs(readings[i][2] - readings[i - 1][2]), 0, 80);
            }
        }

        // It does move: over a day the temperature spans more than a few tenths of a degree.
        Assert.True(readings.Max(r => r[0]) - readings.Min(r => r[0]) > 0.5);
    }

    [Fact]
    public void Quantities_AreTemperatureHumidityPressure_InSiUnits()
    {
        using var sensor = new SimulatedEnvironmentSensor(1, new ManualTimeProvider());

        Assert.Equal([new("temperature", "°C"), new("humidity", "%RH"), new("pressure", "Pa")], sensor.Quantities);
    }

    [Fact]
    public void TryCreate_ReadsTheOptions_AndRejectsUnknownOnes()
    {
        var options = new Dictionary<string, string> { ["seed"] = "5", ["temperature"] = "30" };
        Assert.True(SimulatedEnvironmentSensor.TryCreate(options, TimeProvider.System, out SimulatedEnvironmentSensor? sensor, out _));
        sensor!.Dispose();

        Assert.False(SimulatedEnvironmentSensor.TryCreate(new Dictionary<string, string> { ["colour"] = "red" }, TimeProvider.System, out _, out string? unknown));
        Assert.Contains("unknown option 'colour'", unknown, StringComparison.Ordinal);
        Assert.False(SimulatedEnvironmentSensor.TryCreate(new Dictionary<string, string> { ["humidity"] = "140" }, TimeProvider.System, out _, out string? range));
        Assert.Contains("humidity", range, StringComparison.Ordinal);
    }

    private static async Task<double[][]> ReadDay(int seed)
    {
        var time = new ManualTimeProvider();
        using var sensor = new SimulatedEnvironmentSensor(seed, time);
        var readings = new double[24 * 60 * 12][];
        for (int i = 0; i < readings.Length; i++)
        {
            readings[i] = new double[3];
            await sensor.ReadAsync(readings[i], CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(5));
        }

        return readings;
    }
}
