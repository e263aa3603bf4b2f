using EdgeWamp.Devices.Sensors.I2c;

namespace EdgeWamp.Devices.Tests.Sensors.I2c;

public sealed class Bme280CalibrationTests
{
    [Fact]
    public void Parse_DatasheetExample_DecodesWords()
    {
        Bme280Calibration c = Bme280Calibration.Parse(Bme280Vectors.DatasheetFirstBlock(), new byte[7]);

        Assert.Equal(
            [27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000],
            new int[] { c.T1, c.T2, c.T3, c.P1, c.P2, c.P3, c.P4, c.P5, c.P6, c.P7, c.P8, c.P9 });
    }

    [Fact]
    public void CompensateTemperature_DatasheetExample_Gives2508AndTFine()
    {
        Bme280Calibration c = Bme280Calibration.Parse(Bme280Vectors.DatasheetFirstBlock(), new byte[7]);

        int temperature = c.CompensateTemperature(Bme280Vectors.DatasheetAdcT, out int tFine);

        Assert.Equal(128422, tFine);
        Assert.Equal(2508, temperature); // 25.08 °C
    }

    [Fact]
    public void CompensatePressure_DatasheetExample_Gives100653Pa()
    {
        Bme280Calibration c = Bme280Calibration.Parse(Bme280Vectors.DatasheetFirstBlock(), new byte[7]);
        c.CompensateTemperature(Bme280Vectors.DatasheetAdcT, out int tFine);

        double pascal = c.CompensatePressure(Bme280Vectors.DatasheetAdcP, tFine) / 256.0;
        Bme280Vectors.Temperature(c, Bme280Vectors.DatasheetAdcT, out double exactFine);
        double oracle = Bme280Vectors.Pressure(c, Bme280Vectors.DatasheetAdcP, exactFine);

        // The datasheet's 100653.27 Pa comes from the floating-point formulas with t_fine unrounded (128422.287);
        // the 64-bit integer formula's Q24.8 result (25767233 / 256 = 100653.254 Pa) agrees to within 0.02 Pa.
        Assert.Equal(100653.27, oracle, 0.005);
        Assert.Equal(100653.27, pascal, 0.02);
    }

    [Fact]
    public void Parse_ForumRegisters_DecodesHumidityWordsFromTheirOddPacking()
    {
        Bme280Calibration c = Bme280Calibration.Parse(Bme280Vectors.ForumFirstBlock(), Bme280Vectors.ForumSecondBlock());

        Assert.Equal(28268, c.T1);
        Assert.Equal(75, c.H1);
        Assert.Equal(357, c.H2);
        Assert.Equal(0, c.H3);
        Assert.Equal((0x14 << 4) | 0xB, c.H4); // 0xE4 · 16 + 0xE5[3:0]
        Assert.Equal(0, c.H5); // 0xE6 · 16 + 0xE5[7:4]
        Assert.Equal(30, c.H6);
    }

    [Fact]
    public void Parse_NegativeH4AndH5_SignExtendsTwelveBits()
    {
        // 0xE4 = 0xF5, 0xE5 = 0x3A, 0xE6 = 0xFE: H4 = 0xF5A = -166, H5 = 0xFE3 = -29 as signed 12-bit numbers.
        Bme280Calibration c = Bme280Calibration.Parse(new byte[26], [0, 0, 0, 0xF5, 0x3A, 0xFE, 0xF6]);

        Assert.Equal(-166, c.H4);
        Assert.Equal(-29, c.H5);
        Assert.Equal(-10, c.H6);
    }

    [Fact]
    public void Compensate_ForumRegisters_GiveBoschSheetResults()
    {
        Bme280Calibration c = Bme280Calibration.Parse(Bme280Vectors.ForumFirstBlock(), Bme280Vectors.ForumSecondBlock());

        int temperature = c.CompensateTemperature(Bme280Vectors.ForumAdcT, out int tFine);
        double humidity = c.CompensateHumidity(Bme280Vectors.ForumAdcH, tFine) / 1024.0;

        Assert.Equal(2444, temperature);
        Assert.Equal(54.17, humidity, 0.01);
    }

    [Theory]
    [InlineData(400000, 250000, 20000)]
    [InlineData(519888, 415148, 30995)]
    [InlineData(560000, 300000, 40000)]
    [InlineData(480000, 380000, 26000)]
    [InlineData(600000, 330000, 33000)]
    public void Compensate_AnyReading_AgreesWithDatasheetDoubleFormulas(int adcT, int adcP, int adcH)
    {
        Bme280Calibration c = Bme280Calibration.Parse(Bme280Vectors.ForumFirstBlock(), Bme280Vectors.ForumSecondBlock());

        double temperature = c.CompensateTemperature(adcT, out int tFine) / 100.0;
        double pressure = c.CompensatePressure(adcP, tFine) / 256.0;
        double humidity = c.CompensateHumidity(adcH, tFine) / 1024.0;

        Assert.Equal(Bme280Vectors.Temperature(c, adcT, out int oracleFine), temperature, 0.006);
        Assert.Equal(Bme280Vectors.Pressure(c, adcP, oracleFine), pressure, Bme280Vectors.PressureTolerance);
        Assert.Equal(Bme280Vectors.Humidity(c, adcH, oracleFine), humidity, 0.01);
    }
}
