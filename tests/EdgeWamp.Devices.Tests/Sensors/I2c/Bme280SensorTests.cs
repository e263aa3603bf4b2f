using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Sensors.I2c;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors.I2c;

public sealed class Bme280SensorTests
{
    private readonly SimulatedI2cBus _bus = new();
    private readonly FakeBme280 _chip;

    public Bme280SensorTests()
    {
        _chip = _bus.Add(0x76, new FakeBme280(_bus.Clock, Bme280Vectors.ForumFirstBlock(), Bme280Vectors.ForumSecondBlock())
        {
            AdcTemperature = Bme280Vectors.ForumAdcT,
            AdcPressure = Bme280Vectors.ForumAdcP,
            AdcHumidity = Bme280Vectors.ForumAdcH,
        });
    }

    private ISensorDriver Create(params (string, string)[] options) =>
        SensorReads.Create("bme280", _bus.Environment, _bus.Clock, [("bus", "1"), ("address", "0x76"), .. options]);

    [Fact]
    public async Task ReadAsync_ForcedMode_GivesCompensatedValuesInSiUnits()
    {
        using ISensorDriver sensor = Create();

        double[] values = await sensor.ReadAsync();

        Bme280Calibration c = Bme280Calibration.Parse(Bme280Vectors.ForumFirstBlock(), Bme280Vectors.ForumSecondBlock());
        Bme280Vectors.Temperature(c, Bme280Vectors.ForumAdcT, out int tFine);
        Assert.Equal([new SensorQuantity("temperature", "°C"), new SensorQuantity("pressure", "Pa"), new SensorQuantity("humidity", "%")], sensor.Quantities);
        Assert.Equal(24.44, values[0]);
        Assert.Equal(Bme280Vectors.Pressure(c, Bme280Vectors.ForumAdcP, tFine), values[1], Bme280Vectors.PressureTolerance);
        Assert.Equal(54.17, values[2], 0.01);
    }

    [Fact]
    public async Task ReadAsync_FirstRead_ConfiguresInDatasheetOrderThenMeasuresOnce()
    {
        using ISensorDriver sensor = Create();

        await sensor.ReadAsync();

        Assert.Equal(
            [
                "W D0", "R 1", // chip id
                "W E0 B6", "W F3", "R 1", // soft reset, wait for the NVM copy
                "W 88", "R 26", "W E1", "R 7", // calibration
                "W F2 01", "W F5 A0", "W F4 24", // ctrl_hum before ctrl_meas; config while asleep
                "W F4 25", "W F3", "R 1", "W F7", "R 8", // forced measurement, status, burst read
            ],
            _chip.Transfers);
        Assert.Equal(1, _chip.Measurements);
    }

    [Fact]
    public async Task ReadAsync_SecondRead_OnlyMeasures()
    {
        using ISensorDriver sensor = Create();
        await sensor.ReadAsync();
        _chip.Transfers.Clear();
        _chip.AdcTemperature = Bme280Vectors.ForumAdcT + 1000;

        double[] values = await sensor.ReadAsync();

        Assert.Equal(["W F4 25", "W F3", "R 1", "W F7", "R 8"], _chip.Transfers);
        Assert.True(values[0] > 24.44);
        Assert.Single(_bus.Opened);
    }

    [Fact]
    public async Task ReadAsync_ForcedMode_WaitsTheDatasheetMaximumMeasurementTime()
    {
        using ISensorDriver sensor = Create(("oversampling", "16"));

        await sensor.ReadAsync();

        // 1.25 + 2.3·16 + (2.3·16 + 0.575) + (2.3·16 + 0.575) ms; the fake finishes after the typical 98 ms.
        Assert.Contains(TimeSpan.FromMilliseconds(113), _bus.Clock.Delays); // 112.8 ms, rounded up
        Assert.Equal(0xB4, _chip.CtrlMeas); // osrs_t = osrs_p = 101 (×16), mode back to sleep after the measurement
        Assert.Equal(0x05, _chip.CtrlHum);
    }

    [Fact]
    public async Task ReadAsync_NormalModeWithFilter_WritesConfigAndReads()
    {
        using ISensorDriver sensor = Create(("mode", "normal"), ("oversampling", "4"), ("filter", "4"), ("standby", "62.5"));

        double[] values = await sensor.ReadAsync();

        Assert.Equal(0x03, _chip.CtrlHum);
        Assert.Equal(0b011_011_11, _chip.CtrlMeas);
        Assert.Equal((0b001 << 5) | (0b010 << 2), _chip.Config);
        Assert.Equal(24.44, values[0]);
        Assert.DoesNotContain("W F4 6D", _chip.Transfers); // normal mode never triggers forced measurements
    }

    [Fact]
    public async Task ReadAsync_Bmp280ChipId_ThrowsNamingTheChip()
    {
        _chip.ChipId = 0x58;
        using ISensorDriver sensor = Create();

        SensorException error = await sensor.ReadFailsAsync();

        Assert.Contains("BMP280", error.Message);
        Assert.True(_bus.Opened[0].IsDisposed);
    }

    [Fact]
    public async Task ReadAsync_ChipNacksThenReturns_ThrowsThenReconfigures()
    {
        using ISensorDriver sensor = Create();
        await sensor.ReadAsync();

        _chip.Present = false;
        SensorException error = await sensor.ReadFailsAsync();
        Assert.Contains("Error 121", error.Message);
        Assert.Contains("i2c-1 at 0x76", error.Message);
        Assert.True(_bus.Opened[0].IsDisposed);

        _chip.Present = true;
        _chip.PowerOnReset();
        _chip.Transfers.Clear();
        double[] values = await sensor.ReadAsync();

        Assert.Equal(2, _bus.Opened.Count);
        Assert.Equal("W D0", _chip.Transfers[0]);
        Assert.Equal(54.17, values[2], 0.01);
    }

    [Fact]
    public async Task ReadAsync_AbsentAtStart_CreatingTouchesNothingAndReadRecovers()
    {
        _chip.Present = false;
        using ISensorDriver sensor = Create();
        Assert.Empty(_bus.Opened);

        await sensor.ReadFailsAsync();
        _chip.Present = true;

        Assert.Equal(24.44, (await sensor.ReadAsync())[0]);
    }

    [Fact]
    public async Task ReadAsync_ChipPowerCycledBehindOurBack_ThrowsThenReconfigures()
    {
        using ISensorDriver sensor = Create();
        await sensor.ReadAsync();

        _chip.PowerOnReset(); // ctrl_hum back to 0: the next forced measurement skips humidity
        SensorException error = await sensor.ReadFailsAsync();
        Assert.Contains("lost its configuration", error.Message);

        double[] values = await sensor.ReadAsync();
        Assert.Equal(54.17, values[2], 0.01);
    }

    [Fact]
    public async Task ReadAsync_CancelledDuringConfiguration_NextReadConfiguresAgain()
    {
        using ISensorDriver sensor = Create();
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await sensor.ReadAsync(new double[3], cancelled.Token));
        Assert.True(_bus.Opened[0].IsDisposed);
        _chip.PowerOnReset();

        double[] values = await sensor.ReadAsync();

        Assert.Equal(0x01, _chip.CtrlHum);
        Assert.Equal(54.17, values[2], 0.01);
    }

    [Fact]
    public async Task ReadAsync_RealI2cDeviceOnMissingBus_ThrowsSensorException()
    {
        // System.Device.Gpio's own UnixI2cDevice on a bus that does not exist here: the error must still be a
        // SensorException with a one-line reason, never an unhandled exception.
        using ISensorDriver sensor = SensorReads.Create("bme280", SensorEnvironment.System, _bus.Clock, ("bus", "250"));

        SensorException error = await sensor.ReadFailsAsync();

        Assert.StartsWith("BME280 on i2c-250 at 0x76: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void FakeChip_CtrlHumWrittenAfterCtrlMeas_SkipsHumidityAsTheDatasheetSays()
    {
        // Datasheet 5.4.3: "Changes to this register only become effective after a write operation to ctrl_meas".
        // The fake models it, so the driver's write order is tested, not assumed.
        _chip.Write([0xF4, 0x25]); // forced measurement with ctrl_hum still at its reset value
        _chip.Write([0xF2, 0x01]);
        _bus.Clock.Advance(TimeSpan.FromMilliseconds(20));
        Span<byte> data = stackalloc byte[8];
        _chip.Write([0xF7]);
        _chip.Read(data);

        Assert.Equal(0x80, data[6]); // hum_msb: 0x8000, measurement skipped
        Assert.Equal(0x00, data[7]);
        Assert.NotEqual(0x80, data[3]); // temperature was measured
    }
}
