using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors.Sysfs;

public sealed class IioSensorTests : IDisposable
{
    private readonly FakeSysfs _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    [Fact]
    public async Task ReadAsync_ProcessedChannels_ConvertsAbiUnitsToSi()
    {
        // The kernel's bmp280 driver (BME280) exposes processed values: milli °C, kPa and milli percent.
        string device = _sysfs.AddIio(0, "bme280");
        FakeSysfs.Attribute(device, "in_temp_input", "25080");
        FakeSysfs.Attribute(device, "in_pressure_input", "100.653265625");
        FakeSysfs.Attribute(device, "in_humidityrelative_input", "46332");
        FakeSysfs.Attribute(device, "in_temp_oversampling_ratio", "2");
        using ISensorDriver sensor = SensorReads.Create("iio", _sysfs.Environment, options: ("device", "bme280"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(
            [new SensorQuantity("humidity", "%"), new SensorQuantity("pressure", "Pa"), new SensorQuantity("temperature", "°C")],
            sensor.Quantities);
        Assert.Equal(46.332, values[0], 9);
        Assert.Equal(100653.265625, values[1], 6);
        Assert.Equal(25.08, values[2], 9);
    }

    [Fact]
    public async Task ReadAsync_RawChannel_AppliesOffsetThenScale()
    {
        // inv_mpu6050: in_temp_offset 12420, in_temp_scale 2.941176 (milli °C per LSB): (raw + offset) × scale.
        string device = _sysfs.AddIio(0, "mpu6050");
        FakeSysfs.Attribute(device, "in_temp_raw", "-3000");
        FakeSysfs.Attribute(device, "in_temp_offset", "12420");
        FakeSysfs.Attribute(device, "in_temp_scale", "2.941176");
        using ISensorDriver sensor = SensorReads.Create("iio", _sysfs.Environment, options: [("device", "mpu6050"), ("channels", "temp")]);

        double[] values = await sensor.ReadAsync();

        Assert.Equal((-3000 + 12420) * 2.941176 / 1000, values[0], 9);
    }

    [Fact]
    public async Task ReadAsync_SharedScale_AppliesToEveryIndexedChannel()
    {
        // ads1015 driver style: in_voltageN_raw with one in_voltage_scale in millivolts per LSB.
        string device = _sysfs.AddIio(0, "ads1015");
        FakeSysfs.Attribute(device, "in_voltage0_raw", "1234");
        FakeSysfs.Attribute(device, "in_voltage1_raw", "-20");
        FakeSysfs.Attribute(device, "in_voltage0-voltage1_raw", "1254");
        FakeSysfs.Attribute(device, "in_voltage_scale", "0.125000000");
        FakeSysfs.Attribute(device, "in_voltage0-voltage1_scale", "0.062500000");
        using ISensorDriver sensor = SensorReads.Create("iio", _sysfs.Environment, options: ("device", "ads1015"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(["voltage0", "voltage0_voltage1", "voltage1"], sensor.Quantities.Select(q => q.Name));
        Assert.All(sensor.Quantities, q => Assert.Equal("V", q.Unit));
        Assert.Equal(1234 * 0.125 / 1000, values[0], 12);
        Assert.Equal(1254 * 0.0625 / 1000, values[1], 12);
        Assert.Equal(-20 * 0.125 / 1000, values[2], 12);
    }

    [Fact]
    public async Task ReadAsync_InputAndRawBothPresent_PrefersInput()
    {
        string device = _sysfs.AddIio(0, "tsl2591");
        FakeSysfs.Attribute(device, "in_illuminance_input", "312.500000");
        FakeSysfs.Attribute(device, "in_illuminance_raw", "999");
        using ISensorDriver sensor = SensorReads.Create("iio", _sysfs.Environment, options: ("device", "tsl2591"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal([new SensorQuantity("illuminance", "lx")], sensor.Quantities);
        Assert.Equal(312.5, values[0]);
    }

    [Fact]
    public async Task ReadAsync_SelectedByIndex_ReadsThatDevice()
    {
        FakeSysfs.Attribute(_sysfs.AddIio(0, "sht31"), "in_temp_input", "20000");
        FakeSysfs.Attribute(_sysfs.AddIio(1, "sht31"), "in_temp_input", "30000");
        using ISensorDriver byIndex = SensorReads.Create("iio", _sysfs.Environment, options: ("index", "1"));
        using ISensorDriver byName = SensorReads.Create("iio", _sysfs.Environment, options: ("device", "sht31"));

        Assert.Equal(30.0, (await byIndex.ReadAsync())[0]);
        Assert.Equal(20.0, (await byName.ReadAsync())[0]); // the lowest-numbered device of that name
    }

    [Fact]
    public async Task ReadAsync_DeviceMissingThenPlugged_ThrowsThenRecovers()
    {
        using ISensorDriver sensor = SensorReads.Create("iio", _sysfs.Environment, options: [("device", "bme280"), ("channels", "temp,pressure")]);

        SensorException missing = await sensor.ReadFailsAsync();
        Assert.Contains("bme280", missing.Message);

        string device = _sysfs.AddIio(3, "bme280");
        FakeSysfs.Attribute(device, "in_temp_input", "21500");
        FakeSysfs.Attribute(device, "in_pressure_input", "99.5");
        double[] values = await sensor.ReadAsync();

        Assert.Equal([21.5, 99500.0], values);
    }

    [Fact]
    public async Task ReadAsync_DeviceRenumberedAfterReplug_FindsItAgain()
    {
        string first = _sysfs.AddIio(0, "bme280");
        FakeSysfs.Attribute(first, "in_temp_input", "21000");
        using ISensorDriver sensor = SensorReads.Create("iio", _sysfs.Environment, options: ("device", "bme280"));
        Assert.Equal(21.0, (await sensor.ReadAsync())[0]);

        Directory.Delete(first, recursive: true);
        File.Delete(Path.Combine(_sysfs.Root, "bus/iio/devices/iio:device0"));
        await sensor.ReadFailsAsync();

        FakeSysfs.Attribute(_sysfs.AddIio(1, "bme280"), "in_temp_input", "22000");
        Assert.Equal(22.0, (await sensor.ReadAsync())[0]);
    }

    [Fact]
    public async Task ReadAsync_ValueNotANumber_ThrowsSensorException()
    {
        FakeSysfs.Attribute(_sysfs.AddIio(0, "bme280"), "in_temp_input", "garbage");
        using ISensorDriver sensor = SensorReads.Create("iio", _sysfs.Environment, options: ("device", "bme280"));

        SensorException error = await sensor.ReadFailsAsync();

        Assert.Contains("not a number", error.Message);
    }

    [Fact]
    public void TryCreate_NoChannelsAndDeviceAbsent_FailsNamingChannels()
    {
        bool created = SensorDriverFactory.TryCreate("iio", new Dictionary<string, string> { ["device"] = "bme280" }, _sysfs.Environment, out _, out string? error);

        Assert.False(created);
        Assert.StartsWith("option 'channels':", error);
    }
}
