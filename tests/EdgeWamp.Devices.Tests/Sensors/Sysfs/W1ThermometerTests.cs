using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Sensors.Sysfs;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors.Sysfs;

public sealed class W1ThermometerTests : IDisposable
{
    private const string Id = "28-0316a27942ff";
    private readonly FakeSysfs _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    [Theory]
    [InlineData(23125)]
    [InlineData(-10125)]
    [InlineData(125000)]
    [InlineData(0)]
    public async Task ReadAsync_CrcYes_ReadsTemperature(int milliCelsius)
    {
        FakeSysfs.WriteW1Slave(_sysfs.AddW1(Id), milliCelsius);
        using ISensorDriver sensor = SensorReads.Create("w1", _sysfs.Environment, options: ("id", Id));

        Assert.Equal([new SensorQuantity("temperature", "°C")], sensor.Quantities);
        Assert.Equal(milliCelsius / 1000.0, (await sensor.ReadAsync())[0]);
    }

    [Fact]
    public void ParseSlave_KernelExample_ReadsT()
    {
        // A DS18B20 at 23.125 °C (raw 0x0172) as w1_therm prints it.
        const string Text = "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";

        Assert.Equal(23125, W1Thermometer.ParseSlave(Text));
        Assert.Equal(0x57, FakeSysfs.DallasCrc([0x72, 0x01, 0x4b, 0x46, 0x7f, 0xff, 0x0e, 0x10])); // the fake's CRC agrees
    }

    [Fact]
    public async Task ReadAsync_CrcNo_ThrowsCrcErrorThenRecovers()
    {
        string device = _sysfs.AddW1(Id);
        FakeSysfs.WriteW1Slave(device, 23125, crcOk: false);
        using ISensorDriver sensor = SensorReads.Create("w1", _sysfs.Environment, options: ("id", Id));
        Assert.Contains(" NO\n", File.ReadAllText(Path.Combine(device, "w1_slave")));

        SensorException error = await sensor.ReadFailsAsync();
        Assert.Equal("CRC error", error.Message);

        FakeSysfs.WriteW1Slave(device, 23500);
        Assert.Equal(23.5, (await sensor.ReadAsync())[0]);
    }

    [Fact]
    public async Task ReadAsync_PowerOnResetValue_Throws()
    {
        FakeSysfs.WriteW1Slave(_sysfs.AddW1(Id), 85000);
        using ISensorDriver sensor = SensorReads.Create("w1", _sysfs.Environment, options: ("id", Id));

        SensorException error = await sensor.ReadFailsAsync();

        Assert.Contains("power-on reset", error.Message);
    }

    [Fact]
    public async Task ReadAsync_OnlyTemperatureFile_ReadsIt()
    {
        string device = _sysfs.AddW1(Id);
        FakeSysfs.Attribute(device, "temperature", "19812");
        using ISensorDriver sensor = SensorReads.Create("w1", _sysfs.Environment, options: ("id", Id));

        Assert.Equal(19.812, (await sensor.ReadAsync())[0]);
    }

    [Fact]
    public async Task ReadAsync_TemperatureFileEmpty_Throws()
    {
        string device = _sysfs.AddW1(Id);
        File.WriteAllText(Path.Combine(device, "temperature"), "");
        using ISensorDriver sensor = SensorReads.Create("w1", _sysfs.Environment, options: ("id", Id));

        await sensor.ReadFailsAsync();
    }

    [Fact]
    public async Task ReadAsync_NoIdOneThermometer_FindsIt()
    {
        FakeSysfs.WriteW1Slave(_sysfs.AddW1(Id), 21000);
        _sysfs.AddW1("00-400000000000"); // the bus master's own entry is not a thermometer
        using ISensorDriver sensor = SensorReads.Create("w1", _sysfs.Environment);

        Assert.Equal(21.0, (await sensor.ReadAsync())[0]);
    }

    [Fact]
    public async Task ReadAsync_NoIdTwoThermometers_AsksForId()
    {
        FakeSysfs.WriteW1Slave(_sysfs.AddW1(Id), 21000);
        FakeSysfs.WriteW1Slave(_sysfs.AddW1("28-000005e2fdc3"), 22000);
        using ISensorDriver sensor = SensorReads.Create("w1", _sysfs.Environment);

        SensorException error = await sensor.ReadFailsAsync();

        Assert.Contains("'id'", error.Message);
    }

    [Fact]
    public async Task ReadAsync_Unplugged_ThrowsThenRecoversWhenBack()
    {
        using ISensorDriver sensor = SensorReads.Create("w1", _sysfs.Environment, options: ("id", Id));

        SensorException error = await sensor.ReadFailsAsync();
        Assert.Contains("not found", error.Message);

        FakeSysfs.WriteW1Slave(_sysfs.AddW1(Id), 20500);
        Assert.Equal(20.5, (await sensor.ReadAsync())[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57\n")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 MAYBE\n72 01 4b 46 7f ff 0e 10 57 t=23125\n")]
    public void ParseSlave_Malformed_Throws(string text) =>
        Assert.Throws<SensorException>(() => W1Thermometer.ParseSlave(text));
}
