using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors;

public sealed class SensorDriverFactoryTests : IDisposable
{
    private readonly FakeSysfs _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    private static bool TryCreate(string driver, SensorEnvironment environment, out ISensorDriver? sensor, out string? error, params (string Key, string Value)[] options) =>
        SensorDriverFactory.TryCreate(driver, options.ToDictionary(o => o.Key, o => o.Value), environment, out sensor, out error);

    private static string Error(string driver, params (string Key, string Value)[] options)
    {
        bool created = TryCreate(driver, SensorEnvironment.System, out ISensorDriver? sensor, out string? error, options);
        Assert.False(created);
        Assert.Null(sensor);
        Assert.NotNull(error);
        Assert.DoesNotContain('\n', error);
        return error;
    }

    [Fact]
    public void Drivers_ListsEveryDriverName() =>
        Assert.Equal(["iio", "hwmon", "thermal", "w1", "bme280", "sht3x", "ads1115", "bh1750"], SensorDriverFactory.Drivers);

    [Theory]
    [InlineData("bme280", "temperature,pressure,humidity")]
    [InlineData("sht3x", "temperature,humidity")]
    [InlineData("ads1115", "ain0,ain1,ain2,ain3")]
    [InlineData("bh1750", "illuminance")]
    [InlineData("thermal", "temperature")]
    [InlineData("w1", "temperature")]
    public void TryCreate_I2cAndFixedDrivers_CreatesWithoutTouchingHardware(string driver, string quantities)
    {
        List<(int, int)> opened = [];
        SensorEnvironment environment = new() { SysfsRoot = _sysfs.Root, OpenI2c = (bus, address) => { opened.Add((bus, address)); throw new IOException("must not open"); } };
        (string, string)[] options = driver == "thermal" ? [("type", "cpu-thermal")] : [];

        Assert.True(TryCreate(driver, environment, out ISensorDriver? sensor, out string? error, options), error);
        using (sensor)
        {
            Assert.Equal(quantities.Split(','), sensor!.Quantities.Select(q => q.Name));
        }

        Assert.Empty(opened);
    }

    [Theory]
    [InlineData("iio", "in_temp_input")]
    [InlineData("hwmon", "temp1_input")]
    public void TryCreate_SysfsDriverWithoutChannels_DiscoversThem(string driver, string file)
    {
        string device = driver == "iio" ? _sysfs.AddIio(0, "chip") : _sysfs.AddHwmon(0, "chip");
        FakeSysfs.Attribute(device, file, "1000");

        Assert.True(TryCreate(driver, _sysfs.Environment, out ISensorDriver? sensor, out string? error, ("device", "chip")), error);

        Assert.Single(sensor!.Quantities);
        Assert.Equal("°C", sensor.Quantities[0].Unit);
    }

    [Fact]
    public async Task TryCreate_NumericOptionsWrittenInDecimalOrHex_Accepted()
    {
        SimulatedI2cBus bus = new();
        FakeBh1750 chip = bus.Add(0x5C, new FakeBh1750(bus.Clock) { Illuminance = 10 });

        Assert.True(SensorDriverFactory.TryCreate("bh1750", new Dictionary<string, string> { ["bus"] = "1", ["address"] = "92", ["mtreg"] = "0x45" }, bus.Environment, bus.Clock, out ISensorDriver? sensor, out string? error), error);
        using (sensor)
        {
            Assert.Equal(10, (await sensor.ReadAsync())[0], 1.0);
        }

        Assert.Equal(69, chip.MeasurementTime);
    }

    [Theory]
    [InlineData("bme280", "adress", "0x76", "option 'adress': unknown for the bme280 driver")]
    [InlineData("bme280", "address", "0x7g", "option 'address': '0x7g' is not an integer")]
    [InlineData("bme280", "address", "0x80", "option 'address': 0x80 is out of range (3..119)")]
    [InlineData("bme280", "bus", "-1", "option 'bus': -1 is out of range")]
    [InlineData("bme280", "bus", "one", "option 'bus': 'one' is not an integer")]
    [InlineData("bme280", "mode", "sleep", "option 'mode': 'sleep' is not one of forced, normal")]
    [InlineData("bme280", "oversampling", "3", "option 'oversampling': '3' is not one of 1, 2, 4, 8, 16")]
    [InlineData("bme280", "standby", "1000", "option 'standby': applies only with \"mode\": \"normal\"")]
    [InlineData("sht3x", "repeatability", "ultra", "option 'repeatability'")]
    [InlineData("sht3x", "rate", "2", "option 'rate': applies only with \"mode\": \"periodic\"")]
    [InlineData("ads1115", "channels", "ain0,ain4", "option 'channels': 'ain4' is not one of")]
    [InlineData("ads1115", "channels", "ain1-ain2", "option 'channels': 'ain1-ain2' is not one of")]
    [InlineData("ads1115", "channels", "ain0,ain0", "option 'channels': 'ain0' is listed twice")]
    [InlineData("ads1115", "channels", " , ", "option 'channels': the list is empty")]
    [InlineData("ads1115", "range", "5", "option 'range'")]
    [InlineData("ads1115", "rate", "100", "option 'rate'")]
    [InlineData("bh1750", "mtreg", "30", "option 'mtreg': 30 is out of range (31..254)")]
    [InlineData("bh1750", "resolution", "ultra", "option 'resolution'")]
    [InlineData("w1", "id", "../28-x", "option 'id': '../28-x' must be a name, not a path")]
    [InlineData("w1", "id", "..", "option 'id'")]
    [InlineData("thermal", "type", " ", "option 'type'")]
    [InlineData("w1", "bus", "1", "option 'bus': unknown for the w1 driver (known: id)")]
    [InlineData("thermal", "zone", "x", "option 'zone': 'x' is not an integer")]
    [InlineData("hwmon", "index", "-2", "option 'index': -2 is out of range")]
    public void TryCreate_BadOption_FailsNamingTheKey(string driver, string key, string value, string expected) =>
        Assert.StartsWith(expected, Error(driver, (key, value)));

    [Fact]
    public void TryCreate_UnknownDriver_ListsKnownOnes() =>
        Assert.Equal("driver 'bmp180' is unknown (known: iio, hwmon, thermal, w1, bme280, sht3x, ads1115, bh1750)", Error("bmp180"));

    [Theory]
    [InlineData("thermal", "option 'type': required (or 'zone')")]
    [InlineData("iio", "option 'device': required (or 'index')")]
    [InlineData("hwmon", "option 'device': required (or 'index')")]
    public void TryCreate_NoDeviceSelection_Fails(string driver, string expected) =>
        Assert.Equal(expected, Error(driver));

    [Fact]
    public void TryCreate_NameAndIndexBoth_Fails() =>
        Assert.Equal("option 'index': give either 'device' or 'index', not both", Error("hwmon", ("device", "lm75"), ("index", "0")));

    [Theory]
    [InlineData("iio", "temp,intensity_both", "'intensity_both' is not an IIO channel")]
    [InlineData("hwmon", "temp1,pwm1", "'pwm1' is not a hwmon channel")]
    [InlineData("hwmon", "temp", "'temp' is not a hwmon channel")]
    public void TryCreate_UnsupportedChannel_Fails(string driver, string channels, string expected) =>
        Assert.Contains(expected, Error(driver, ("device", "x"), ("channels", channels)));

    [Fact]
    public void TryCreate_SysfsDeviceWithoutKnownChannels_Fails()
    {
        FakeSysfs.Attribute(_sysfs.AddIio(0, "accel"), "in_accel_x_raw", "12");

        Assert.False(TryCreate("iio", _sysfs.Environment, out _, out string? error, ("device", "accel")));
        Assert.Equal("option 'channels': iio:device 'accel' has no channel with a known unit", error);
    }

    [Theory]
    [InlineData("16", 4)]
    [InlineData("16.0", 4)]
    [InlineData("0.5", 0)]
    [InlineData(".5", 0)]
    public void TryGetChoice_NumberWrittenDifferently_Matches(string value, int expected)
    {
        SensorOptions options = new("test", new Dictionary<string, string> { ["x"] = value });

        Assert.True(options.TryGetChoice("x", ["0.5", "1", "2", "4", "16"], -1, out int index, out _));
        Assert.Equal(expected, index);
    }
}
