using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Sensors.I2c;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors.I2c;

public sealed class Sht3xSensorTests
{
    /// <summary>Half a count of the 16-bit outputs, the most rounding can move a value.</summary>
    private const double TemperatureStep = 175.0 / 65535;
    private const double HumidityStep = 100.0 / 65535;

    private readonly SimulatedI2cBus _bus = new();
    private readonly FakeSht3x _chip;

    public Sht3xSensorTests()
    {
        _chip = _bus.Add(0x44, new FakeSht3x(_bus.Clock) { Temperature = 23.5, Humidity = 45.2 });
    }

    private ISensorDriver Create(params (string, string)[] options) =>
        SensorReads.Create("sht3x", _bus.Environment, _bus.Clock, options);

    [Fact]
    public void Compute_DatasheetCheckValue_Is0x92() => Assert.Equal(0x92, Sht3xCrc.Compute([0xBE, 0xEF]));

    [Fact]
    public void Compute_ZeroWord_IsKnownValue() => Assert.Equal(0x81, Sht3xCrc.Compute([0x00, 0x00]));

    [Fact]
    public async Task ReadAsync_SingleShotHighRepeatability_SendsCommandWaitsAndConverts()
    {
        using ISensorDriver sensor = Create();

        double[] values = await sensor.ReadAsync();

        Assert.Equal([new SensorQuantity("temperature", "°C"), new SensorQuantity("humidity", "%")], sensor.Quantities);
        Assert.Equal(23.5, values[0], TemperatureStep / 2);
        Assert.Equal(45.2, values[1], HumidityStep / 2);
        Assert.Equal(["W 30 93", "W 24 00", "R 6"], _chip.Transfers);
        Assert.Contains(TimeSpan.FromMilliseconds(15), _bus.Clock.Delays);
    }

    [Theory]
    [InlineData("medium", "W 24 0B", 6)]
    [InlineData("low", "W 24 16", 4)]
    public async Task ReadAsync_LowerRepeatability_UsesItsCommandAndDuration(string repeatability, string command, int waitMs)
    {
        using ISensorDriver sensor = Create(("repeatability", repeatability));

        await sensor.ReadAsync();

        Assert.Equal(command, _chip.Transfers[1]);
        Assert.Contains(TimeSpan.FromMilliseconds(waitMs), _bus.Clock.Delays);
    }

    [Theory]
    [InlineData(-40.0, 0.0)]
    [InlineData(125.0, 100.0)]
    [InlineData(0.0, 99.9)]
    public async Task ReadAsync_RangeEnds_ConvertsPerDatasheetFormula(double temperature, double humidity)
    {
        _chip.Temperature = temperature;
        _chip.Humidity = humidity;
        using ISensorDriver sensor = Create();

        double[] values = await sensor.ReadAsync();

        Assert.Equal(temperature, values[0], TemperatureStep / 2);
        Assert.Equal(humidity, values[1], HumidityStep / 2);
    }

    [Theory]
    [InlineData(0)] // temperature MSB
    [InlineData(1)] // temperature LSB
    [InlineData(2)] // temperature CRC
    [InlineData(3)] // humidity MSB
    [InlineData(4)] // humidity LSB
    [InlineData(5)] // humidity CRC
    public async Task ReadAsync_AnyByteCorrupted_ThrowsCrcErrorThenRecovers(int corrupted)
    {
        using ISensorDriver sensor = Create();
        _chip.CorruptNextByte = corrupted;

        SensorException error = await sensor.ReadFailsAsync();
        Assert.Equal("CRC error", error.Message);

        double[] values = await sensor.ReadAsync();
        Assert.Equal(23.5, values[0], TemperatureStep / 2);
        Assert.Equal(2, _bus.Opened.Count);
    }

    [Fact]
    public async Task ReadAsync_Periodic_StartsOnceAndFetches()
    {
        using ISensorDriver sensor = Create(("mode", "periodic"), ("rate", "2"));

        await sensor.ReadAsync();
        _bus.Clock.Advance(TimeSpan.FromMilliseconds(500));
        _chip.Temperature = 24.0;
        double[] values = await sensor.ReadAsync();

        Assert.Equal(["W 30 93", "W 22 36", "W E0 00", "R 6", "W E0 00", "R 6"], _chip.Transfers);
        Assert.Equal(24.0, values[0], TemperatureStep / 2);
        Assert.True(_chip.InPeriodicMode);
        Assert.Equal(0, _chip.SingleShots);
    }

    [Fact]
    public async Task ReadAsync_PeriodicFetchedTooSoon_ThrowsBecauseTheSensorNacks()
    {
        using ISensorDriver sensor = Create(("mode", "periodic"), ("rate", "0.5"));
        await sensor.ReadAsync();

        SensorException error = await sensor.ReadFailsAsync();

        Assert.Contains("Error 121", error.Message);
    }

    [Fact]
    public async Task ReadAsync_LeftInPeriodicModeByAnEarlierRun_BreaksBeforeSingleShot()
    {
        _chip.Write([0x27, 0x37]); // a previous process left it measuring at 10 mps
        _chip.Transfers.Clear();
        using ISensorDriver sensor = Create();

        double[] values = await sensor.ReadAsync();

        Assert.False(_chip.InPeriodicMode);
        Assert.Equal(23.5, values[0], TemperatureStep / 2);
    }

    [Fact]
    public async Task ReadAsync_Unplugged_ThrowsThenRecovers()
    {
        _chip.Present = false;
        using ISensorDriver sensor = Create();
        await sensor.ReadFailsAsync();

        _chip.Present = true;

        Assert.Equal(45.2, (await sensor.ReadAsync())[1], HumidityStep / 2);
    }
}
