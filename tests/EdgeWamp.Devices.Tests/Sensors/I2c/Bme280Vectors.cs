using System.Buffers.Binary;
using EdgeWamp.Devices.Sensors.I2c;

namespace EdgeWamp.Devices.Tests.Sensors.I2c;

/// <summary>Published calibration vectors and the datasheet's floating-point formulas as an independent oracle.</summary>
internal static class Bme280Vectors
{
    /// <summary>
    /// Bosch BMP280 datasheet (BST-BMP280-DS001) section 3.12, "Calculating pressure and temperature": the example
    /// trimming values with adc_T = 519888 → t_fine = 128422, T = 25.08 °C and adc_P = 415148 → p = 100653.27 Pa.
    /// The BME280's T and P formulas and register layout are the same.
    /// </summary>
    public static byte[] DatasheetFirstBlock()
    {
        // dig_T1..dig_P9 as 12 little-endian words; dig_T1 and dig_P1 are unsigned (36477 does not fit a short).
        int[] words = [27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000];
        byte[] block = new byte[Bme280Calibration.FirstBlockLength];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(2 * i), (ushort)words[i]);
        }

        return block;
    }

    public const int DatasheetAdcT = 519888;
    public const int DatasheetAdcP = 415148;

    /// <summary>
    /// A BME280's registers posted on the Bosch Sensortec community forum ("BME280 Data to test Calculations",
    /// community.bosch-sensortec.com/t5/MEMS-sensors-forum/BME280-Data-to-test-Calculations/td-p/9390): the 32
    /// calibration bytes (0x88..0x9F, 0xA1, 0xE1..0xE7) and the data burst 0xF7..0xFE, with the results from
    /// Bosch's calculation sheet: +24.44 °C and 54.17 %RH. (The pressure in that thread is disputed there, so this
    /// vector checks only T and H; P is checked against the BMP280 datasheet example and the double formula.)
    /// </summary>
    public static readonly byte[] ForumCalibration =
    [
        0x6C, 0x6E, 0x77, 0x66, 0x32, 0x00, 0xA8, 0x92, 0x27, 0xD5, 0xD0, 0x0B, 0x6F, 0x18, 0xCA, 0xFF, 0xF9, 0xFF, 0xAC,
        0x26, 0x0A, 0xD8, 0xBD, 0x10, 0x4B, 0x65, 0x01, 0x00, 0x14, 0x0B, 0x00, 0x1E,
    ];

    public static readonly byte[] ForumData = [0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0x79, 0x13];

    /// <summary>The forum's 0x88..0x9F, a zero for 0xA0 and 0xA1 — the layout the chip's registers have.</summary>
    public static byte[] ForumFirstBlock() => [.. ForumCalibration.AsSpan(0, 24), 0x00, ForumCalibration[24]];

    public static byte[] ForumSecondBlock() => ForumCalibration.AsSpan(25, 7).ToArray();

    public static int ForumAdcP => (ForumData[0] << 12) | (ForumData[1] << 4) | (ForumData[2] >> 4);

    public static int ForumAdcT => (ForumData[3] << 12) | (ForumData[4] << 4) | (ForumData[5] >> 4);

    public static int ForumAdcH => (ForumData[6] << 8) | ForumData[7];

    /// <summary>
    /// How far the 64-bit integer pressure may be from the double formula's: the integer formulas round t_fine and
    /// intermediate terms, which moves the result by up to a few tenths of a pascal — far below the sensor's
    /// resolution (2.62 Pa at ×1 oversampling, datasheet Table 3) and its ±12 Pa relative accuracy.
    /// </summary>
    public const double PressureTolerance = 0.5;

    /// <summary>Datasheet BST-BME280-DS002 section 8.1, bme280_compensate_T_double; t_fine as the datasheet casts it.</summary>
    public static double Temperature(Bme280Calibration c, int adcT, out int tFine)
    {
        double temperature = Temperature(c, adcT, out double exact);
        tFine = (int)exact;
        return temperature;
    }

    /// <summary>bme280_compensate_T_double with t_fine left unrounded, as the BMP280 example table computes it.</summary>
    public static double Temperature(Bme280Calibration c, int adcT, out double tFine)
    {
        double var1 = ((adcT / 16384.0) - (c.T1 / 1024.0)) * c.T2;
        double var2 = ((adcT / 131072.0) - (c.T1 / 8192.0)) * ((adcT / 131072.0) - (c.T1 / 8192.0)) * c.T3;
        tFine = var1 + var2;
        return (var1 + var2) / 5120.0;
    }

    /// <summary>Datasheet section 8.1, bme280_compensate_P_double.</summary>
    public static double Pressure(Bme280Calibration c, int adcP, double tFine)
    {
        double var1 = (tFine / 2.0) - 64000.0;
        double var2 = var1 * var1 * c.P6 / 32768.0;
        var2 += var1 * c.P5 * 2.0;
        var2 = (var2 / 4.0) + (c.P4 * 65536.0);
        var1 = ((c.P3 * var1 * var1 / 524288.0) + (c.P2 * var1)) / 524288.0;
        var1 = (1.0 + (var1 / 32768.0)) * c.P1;
        double p = 1048576.0 - adcP;
        p = (p - (var2 / 4096.0)) * 6250.0 / var1;
        var1 = c.P9 * p * p / 2147483648.0;
        var2 = p * c.P8 / 32768.0;
        return p + ((var1 + var2 + c.P7) / 16.0);
    }

    /// <summary>Datasheet section 8.1, bme280_compensate_H_double.</summary>
    public static double Humidity(Bme280Calibration c, int adcH, double tFine)
    {
        double h = tFine - 76800.0;
        h = (adcH - ((c.H4 * 64.0) + (c.H5 / 16384.0 * h)))
            * (c.H2 / 65536.0 * (1.0 + (c.H6 / 67108864.0 * h * (1.0 + (c.H3 / 67108864.0 * h)))));
        h *= 1.0 - (c.H1 * h / 524288.0);
        return Math.Clamp(h, 0, 100);
    }
}
