using EdgeWamp.Devices.Metrics;
using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Tests.TestSupport;

namespace EdgeWamp.Devices.Tests.Metrics;

/// <summary>System metrics from fake /proc and /sys trees with the kernel's exact file formats (a Raspberry Pi 4's).</summary>
public sealed class SystemMetricsSensorTests : IDisposable
{
    private const string MemInfo = """
        MemTotal:        3884096 kB
        MemFree:         2402356 kB
        MemAvailable:    3166072 kB
        Buffers:           48144 kB
        Cached:           804772 kB
        SwapCached:            0 kB

        """;

    private readonly FakeTree _proc = new();
    private readonly FakeTree _sys = new();

    public SystemMetricsSensorTests()
    {
        _proc.File("loadavg", "0.52 0.58 0.59 1/389 12345\n")
            .File("meminfo", MemInfo)
            .File("uptime", "350735.47 1234388.90\n");
        _sys.File("class/thermal/thermal_zone0/type", "cpu-thermal\n")
            .File("class/thermal/thermal_zone0/temp", "48312\n");
    }

    public void Dispose()
    {
        _proc.Dispose();
        _sys.Dispose();
    }

    [Fact]
    public async Task ReadAsync_ReadsEachMetric_InSiUnits()
    {
        double[] values = await Read();

        Assert.Equal(48.312, values[Index("cpu.temperature")], 6);
        Assert.Equal(0.52, values[Index("cpu.load")]);
        Assert.Equal((3884096 - 3166072) * 1024.0, values[Index("memory.used")]);
        Assert.Equal(3884096 * 1024.0, values[Index("memory.total")]);
        Assert.Equal(350735.47, values[Index("uptime")]);
        Assert.True(values[Index("disk.used")] > 0);
        Assert.True(values[Index("disk.free")] > 0);
    }

    [Fact]
    public async Task ReadAsync_PicksTheCpuThermalZone()
    {
        _sys.File("class/thermal/thermal_zone0/type", "acpitz\n")
            .File("class/thermal/thermal_zone0/temp", "27800\n")
            .File("class/thermal/thermal_zone1/type", "x86_pkg_temp\n")
            .File("class/thermal/thermal_zone1/temp", "61000\n");

        Assert.Equal(61.0, (await Read())[Index("cpu.temperature")]);
    }

    [Fact]
    public async Task ReadAsync_WithoutAThermalZone_LeavesTheTemperatureOut()
    {
        _sys.Delete("class/thermal/thermal_zone0/temp");

        double[] values = await Read();

        Assert.True(double.IsNaN(values[Index("cpu.temperature")]));
        Assert.Equal(0.52, values[Index("cpu.load")]);
    }

    [Fact]
    public async Task ReadAsync_WithoutProc_IsASensorFailure()
    {
        _proc.Delete("loadavg");

        SensorException failure = await Assert.ThrowsAsync<SensorException>(Read);

        Assert.Contains("loadavg", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MeminfoWithoutMemAvailable_IsASensorFailure()
    {
        _proc.File("meminfo", "MemTotal:        3884096 kB\n");

        await Assert.ThrowsAsync<SensorException>(Read);
    }

    private static int Index(string quantity)
    {
        using var sensor = new SystemMetricsSensor("/proc", "/sys", "/");
        for (int i = 0; i < sensor.Quantities.Count; i++)
        {
            if (sensor.Quantities[i].Name == quantity)
            {
                return i;
            }
        }

        throw new ArgumentException(quantity);
    }

    private async Task<double[]> Read()
    {
        using var sensor = new SystemMetricsSensor(_proc.Root, _sys.Root, _proc.Root);
        double[] values = new double[sensor.Quantities.Count];
        await sensor.ReadAsync(values, CancellationToken.None);
        return values;
    }
}
