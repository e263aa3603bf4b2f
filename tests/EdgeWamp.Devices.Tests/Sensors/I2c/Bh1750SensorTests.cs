using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors.I2c;

public sealed class Bh1750SensorTests
{
    private readonly SimulatedI2cBus _bus = new();
    private readonly FakeBh1750 _chip;

    public Bh1750SensorTests()
    {
        _chip = _bus.Add(0x23, new FakeBh1750(_bus.Clock) { Illuminance = 500 });
    }

    private ISensorDriver Create(params (string, string)[] options) =>
        SensorReads.Create("bh1750", _bus.Environment, _bus.Clock, options);

    [Fact]
    public async Task ReadAsync_OneTimeDefault_PowersOnMeasuresAndConverts()
    {
        using ISensorDriver sensor = Create();

        double[] values = await sensor.ReadAsync();

        Assert.Equal([new SensorQuantity("illuminance", "lx")], sensor.Quantities);
        Assert.Equal(500.0, values[0], 1 / 1.2); // count = lux × 1.2, one count of resolution
        Assert.Equal(["W 01", "W 42", "W 65", "W 20", "R 2"], _chip.Transfers); // MTreg 69 = 010_00101
        Assert.Contains(TimeSpan.FromMilliseconds(180), _bus.Clock.Delays);
        Assert.False(_chip.PoweredOn); // one-time mode powers down by itself
    }

    [Fact]
    public async Task ReadAsync_OneTimeAgain_MeasuresAfresh()
    {
        using ISensorDriver sensor = Create();
        await sensor.ReadAsync();
        _chip.Illuminance = 12.5;

        double[] values = await sensor.ReadAsync();

        Assert.Equal(12.5, values[0], 1 / 1.2);
    }

    [Fact]
    public async Task ReadAsync_Continuous_StartsOnceThenOnlyReads()
    {
        using ISensorDriver sensor = Create(("mode", "continuous"));
        await sensor.ReadAsync();
        _chip.Illuminance = 1000;
        _bus.Clock.Advance(TimeSpan.FromMilliseconds(200));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(["W 01", "W 42", "W 65", "W 10", "R 2", "R 2"], _chip.Transfers);
        Assert.Equal(1000.0, values[0], 1 / 1.2);
        Assert.True(_chip.PoweredOn);
    }

    [Fact]
    public async Task ReadAsync_HigherMtreg_ScalesCountsAndWaitsLonger()
    {
        using ISensorDriver sensor = Create(("mtreg", "138"), ("resolution", "high2"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(138, _chip.MeasurementTime);
        Assert.Equal(["W 01", "W 44", "W 6A", "W 21", "R 2"], _chip.Transfers); // 138 = 100_01010
        Assert.Contains(TimeSpan.FromMilliseconds(360), _bus.Clock.Delays);
        Assert.Equal(500.0, values[0], 0.25); // 4 counts per lux: 0.21 lx resolution
    }

    [Fact]
    public async Task ReadAsync_LowResolution_UsesItsOpcodeAndShortWait()
    {
        using ISensorDriver sensor = Create(("resolution", "low"));

        await sensor.ReadAsync();

        Assert.Equal("W 23", _chip.Transfers[3]);
        Assert.Contains(TimeSpan.FromMilliseconds(24), _bus.Clock.Delays);
    }

    [Fact]
    public async Task ReadAsync_PowerCycledBetweenReads_OneTimeModeRestoresMtreg()
    {
        using ISensorDriver sensor = Create(("mtreg", "100"));
        await sensor.ReadAsync();

        _chip.PowerCycle();
        double[] values = await sensor.ReadAsync();

        Assert.Equal(100, _chip.MeasurementTime);
        Assert.Equal(500.0, values[0], 1.0);
    }

    [Fact]
    public async Task ReadAsync_Nack_ThrowsThenRecovers()
    {
        using ISensorDriver sensor = Create(("address", "0x23"));
        _chip.Present = false;

        SensorException error = await sensor.ReadFailsAsync();
        Assert.Contains("BH1750", error.Message);

        _chip.Present = true;
        Assert.Equal(500.0, (await sensor.ReadAsync())[0], 1.0);
        Assert.Equal(2, _bus.Opened.Count);
    }
}
