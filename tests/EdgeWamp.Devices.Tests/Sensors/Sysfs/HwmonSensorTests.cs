using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Sensors.Sysfs;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors.Sysfs;

public sealed class HwmonSensorTests : IDisposable
{
    private readonly FakeSysfs _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    [Fact]
    public async Task ReadAsync_PowerMonitor_ConvertsMilliAndMicroUnits()
    {
        // The ina2xx driver: in0 shunt and in1 bus voltage in mV, curr1 in mA, power1 in µW.
        string device = _sysfs.AddHwmon(2, "ina219");
        FakeSysfs.Attribute(device, "in0_input", "2");
        FakeSysfs.Attribute(device, "in1_input", "5012");
        FakeSysfs.Attribute(device, "curr1_input", "250");
        FakeSysfs.Attribute(device, "power1_input", "1253000");
        FakeSysfs.Attribute(device, "update_interval", "2");
        using ISensorDriver sensor = SensorReads.Create("hwmon", _sysfs.Environment, options: ("device", "ina219"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(
            [new SensorQuantity("in0", "V"), new SensorQuantity("in1", "V"), new SensorQuantity("curr1", "A"), new SensorQuantity("power1", "W")],
            sensor.Quantities);
        Assert.Equal(0.002, values[0], 12);
        Assert.Equal(5.012, values[1], 12);
        Assert.Equal(0.25, values[2], 12);
        Assert.Equal(1.253, values[3], 12);
    }

    [Fact]
    public async Task ReadAsync_LabelledChannels_NamedByLabel()
    {
        string device = _sysfs.AddHwmon(0, "coretemp");
        FakeSysfs.Attribute(device, "temp1_input", "45000");
        FakeSysfs.Attribute(device, "temp1_label", "Package id 0");
        FakeSysfs.Attribute(device, "temp2_input", "-1500");
        FakeSysfs.Attribute(device, "temp2_label", "Core 0");
        FakeSysfs.Attribute(device, "temp1_crit", "100000");
        FakeSysfs.Attribute(device, "fan1_input", "1200");
        FakeSysfs.Attribute(device, "humidity1_input", "45500");
        using ISensorDriver sensor = SensorReads.Create("hwmon", _sysfs.Environment, options: ("device", "coretemp"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(
            [new SensorQuantity("package_id_0", "°C"), new SensorQuantity("core_0", "°C"), new SensorQuantity("humidity1", "%"), new SensorQuantity("fan1", "rpm")],
            sensor.Quantities);
        Assert.Equal([45.0, -1.5, 45.5, 1200.0], values);
    }

    [Fact]
    public void DiscoverChannels_NumberedChannels_OrderedByNumberNotText()
    {
        string device = _sysfs.AddHwmon(0, "nct6775");
        foreach (string channel in new[] { "in10", "in2", "in0" })
        {
            FakeSysfs.Attribute(device, channel + "_input", "1000");
        }

        (string[] channels, _) = HwmonSensor.DiscoverChannels(device);

        Assert.Equal(["in0", "in2", "in10"], channels);
    }

    [Fact]
    public async Task ReadAsync_PowerOnlyAsAverage_ReadsAverage()
    {
        string device = _sysfs.AddHwmon(0, "power_meter");
        FakeSysfs.Attribute(device, "power1_average", "2500000");
        using ISensorDriver sensor = SensorReads.Create("hwmon", _sysfs.Environment, options: ("device", "power_meter"));

        Assert.Equal(2.5, (await sensor.ReadAsync())[0], 12);
    }

    [Fact]
    public async Task ReadAsync_SelectedByName_IgnoresOtherDevices()
    {
        FakeSysfs.Attribute(_sysfs.AddHwmon(0, "rpi_volt"), "in0_input", "0");
        FakeSysfs.Attribute(_sysfs.AddHwmon(1, "cpu_thermal", parent: "thermal"), "temp1_input", "48312");
        using ISensorDriver sensor = SensorReads.Create("hwmon", _sysfs.Environment, options: ("device", "cpu_thermal"));

        Assert.Equal([new SensorQuantity("temp1", "°C")], sensor.Quantities);
        Assert.Equal(48.312, (await sensor.ReadAsync())[0], 12);
    }

    [Fact]
    public async Task ReadAsync_ExplicitChannelsDeviceAbsentAtStart_ThrowsThenRecovers()
    {
        using ISensorDriver sensor = SensorReads.Create("hwmon", _sysfs.Environment, options: [("device", "sht3x"), ("channels", "temp1,humidity1")]);
        Assert.Equal(["temp1", "humidity1"], sensor.Quantities.Select(q => q.Name));

        SensorException error = await sensor.ReadFailsAsync();
        Assert.Contains("no hwmon device with name 'sht3x'", error.Message);

        string device = _sysfs.AddHwmon(4, "sht3x");
        FakeSysfs.Attribute(device, "temp1_input", "23450");
        FakeSysfs.Attribute(device, "humidity1_input", "51230");
        double[] values = await sensor.ReadAsync();
        Assert.Equal([23.45, 51.23], values);
    }

    [Fact]
    public async Task ReadAsync_ChannelFileVanishes_ThrowsThenRecoversWhenItReturns()
    {
        string device = _sysfs.AddHwmon(0, "lm75");
        FakeSysfs.Attribute(device, "temp1_input", "23000");
        using ISensorDriver sensor = SensorReads.Create("hwmon", _sysfs.Environment, options: ("device", "lm75"));
        Assert.Equal(23.0, (await sensor.ReadAsync())[0]);

        File.Delete(Path.Combine(device, "temp1_input"));
        SensorException error = await sensor.ReadFailsAsync();
        Assert.Contains("temp1_input not found", error.Message);

        FakeSysfs.Attribute(device, "temp1_input", "24000");
        Assert.Equal(24.0, (await sensor.ReadAsync())[0]);
    }

    [Fact]
    public async Task ReadAsync_AttributeUnreadable_ThrowsSensorException()
    {
        string device = _sysfs.AddHwmon(0, "lm75");
        Directory.CreateDirectory(Path.Combine(device, "temp1_input")); // open() succeeds on nothing readable
        using ISensorDriver sensor = SensorReads.Create("hwmon", _sysfs.Environment, options: [("device", "lm75"), ("channels", "temp1")]);

        SensorException error = await sensor.ReadFailsAsync();

        Assert.Contains("temp1_input", error.Message);
    }

    [Theory]
    [InlineData("Core 0", "core_0")]
    [InlineData("+3.3V", "3_3v")]
    [InlineData("VDD_SOC  in", "vdd_soc_in")]
    [InlineData("---", "")]
    public void UriSafe_Label_BecomesOneLowerCaseSegment(string label, string expected) =>
        Assert.Equal(expected, HwmonSensor.UriSafe(label));
}
