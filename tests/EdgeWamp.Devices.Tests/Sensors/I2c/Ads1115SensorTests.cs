using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors.I2c;

public sealed class Ads1115SensorTests
{
    private readonly SimulatedI2cBus _bus = new();
    private readonly FakeAds1115 _chip;

    public Ads1115SensorTests()
    {
        _chip = _bus.Add(0x48, new FakeAds1115(_bus.Clock));
    }

    private ISensorDriver Create(params (string, string)[] options) =>
        SensorReads.Create("ads1115", _bus.Environment, _bus.Clock, options);

    [Fact]
    public async Task ReadAsync_Defaults_ReadsFourSingleEndedInputsInVolts()
    {
        _chip.Inputs[0] = 0.5;
        _chip.Inputs[1] = 1.0;
        _chip.Inputs[2] = 3.3;
        _chip.Inputs[3] = 0;
        using ISensorDriver sensor = Create();

        double[] values = await sensor.ReadAsync();

        Assert.Equal(["ain0", "ain1", "ain2", "ain3"], sensor.Quantities.Select(q => q.Name));
        Assert.All(sensor.Quantities, q => Assert.Equal("V", q.Unit));
        double lsb = 4.096 / 32768; // 125 µV at ±4.096 V
        Assert.Equal(0.5, values[0], lsb / 2);
        Assert.Equal(1.0, values[1], lsb / 2);
        Assert.Equal(3.3, values[2], lsb / 2);
        Assert.Equal(0.0, values[3]);
        Assert.Equal(4, _chip.Conversions);
    }

    [Fact]
    public async Task ReadAsync_OneInput_WritesConfigPollsOsThenReadsConversion()
    {
        _chip.Inputs[0] = 1.0;
        using ISensorDriver sensor = Create(("channels", "ain0"));

        await sensor.ReadAsync();

        // OS=1, MUX=100 (AIN0/GND), PGA=001 (±4.096 V), MODE=1, DR=100 (128 SPS), COMP_QUE=11.
        Assert.Equal(["W 01 C3 83", "W 01", "R 2", "W 00", "R 2"], _chip.Transfers);
        Assert.Equal(0x4383, _chip.Config);
    }

    [Fact]
    public async Task ReadAsync_DifferentialNegative_ReadsTwosComplement()
    {
        _chip.Inputs[0] = 0.010;
        _chip.Inputs[3] = 0.150;
        using ISensorDriver sensor = Create(("channels", "ain0-ain3"), ("range", "0.256"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal([new SensorQuantity("ain0_ain3", "V")], sensor.Quantities);
        Assert.Equal(-0.140, values[0], 0.256 / 32768 / 2);
        Assert.Equal("W 01 9B 83", _chip.Transfers[0]); // MUX=001, PGA=101
    }

    [Fact]
    public async Task ReadAsync_BeyondFullScale_ClipsAtTheLargestCode()
    {
        _chip.Inputs[2] = 0.4;
        using ISensorDriver sensor = Create(("channels", "ain2-ain3"), ("range", "0.256"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(32767 * 0.256 / 32768, values[0], 12);
    }

    [Fact]
    public async Task ReadAsync_SlowestRate_WaitsAConversionPeriod()
    {
        _chip.Inputs[1] = 2.0;
        using ISensorDriver sensor = Create(("channels", "ain1"), ("rate", "8"), ("range", "6.144"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(2.0, values[0], 6.144 / 32768 / 2);
        Assert.Contains(_bus.Clock.Delays, d => d >= TimeSpan.FromMilliseconds(125));
        Assert.Equal("W 01 D1 03", _chip.Transfers[0]); // MUX=101, PGA=000, DR=000
    }

    [Fact]
    public async Task ReadAsync_ConversionSlowerThanSpecified_PollsOsUntilDone()
    {
        _chip.Slowdown = 1.5; // 11.7 ms at 128 SPS instead of 7.8
        _chip.Inputs[0] = 0.25;
        using ISensorDriver sensor = Create(("channels", "ain0"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(0.25, values[0], 4.096 / 32768 / 2);
        Assert.True(_chip.Transfers.Count(t => t == "W 01") >= 2, string.Join(", ", _chip.Transfers));
    }

    [Fact]
    public async Task ReadAsync_ConversionNeverCompletes_Throws()
    {
        _chip.Slowdown = 100;
        using ISensorDriver sensor = Create(("channels", "ain0"));

        SensorException error = await sensor.ReadFailsAsync();

        Assert.Equal("ADS1115 conversion did not complete", error.Message);
    }

    [Fact]
    public async Task ReadAsync_ChipMissing_ThrowsThenRecovers()
    {
        _chip.Present = false;
        using ISensorDriver sensor = Create(("channels", "ain0"));

        SensorException error = await sensor.ReadFailsAsync();
        Assert.Contains("ADS1115 on i2c-1 at 0x48", error.Message);

        _chip.Present = true;
        _chip.Inputs[0] = 1.5;
        Assert.Equal(1.5, (await sensor.ReadAsync())[0], 0.001);
    }
}
