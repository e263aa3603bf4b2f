using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors.Sysfs;

public sealed class ThermalZoneSensorTests : IDisposable
{
    private readonly FakeSysfs _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    [Fact]
    public async Task ReadAsync_SelectedByType_ReadsMilliCelsius()
    {
        _sysfs.AddThermalZone(0, "cpu-thermal", 48312);
        _sysfs.AddThermalZone(1, "gpu-thermal", 51000);
        using ISensorDriver sensor = SensorReads.Create("thermal", _sysfs.Environment, options: ("type", "gpu-thermal"));

        Assert.Equal([new SensorQuantity("temperature", "°C")], sensor.Quantities);
        Assert.Equal(51.0, (await sensor.ReadAsync())[0]);
    }

    [Fact]
    public async Task ReadAsync_SelectedByZone_ReadsThatZone()
    {
        _sysfs.AddThermalZone(0, "cpu-thermal", -5250);
        using ISensorDriver sensor = SensorReads.Create("thermal", _sysfs.Environment, options: ("zone", "0"));

        Assert.Equal(-5.25, (await sensor.ReadAsync())[0]);
    }

    [Fact]
    public async Task ReadAsync_ZoneMissingThenAppears_ThrowsThenRecovers()
    {
        using ISensorDriver sensor = SensorReads.Create("thermal", _sysfs.Environment, options: ("type", "cpu-thermal"));

        SensorException error = await sensor.ReadFailsAsync();
        Assert.Contains("type 'cpu-thermal'", error.Message);

        _sysfs.AddThermalZone(0, "cpu-thermal", 40000);
        Assert.Equal(40.0, (await sensor.ReadAsync())[0]);
    }
}
