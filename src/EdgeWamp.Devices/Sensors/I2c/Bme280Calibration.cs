using System.Buffers.Binary;

namespace EdgeWamp.Devices.Sensors.I2c;

/// <summary>
/// The BME280's factory trimming parameters and the datasheet's integer compensation formulas
/// (Bosch BST-BME280-DS002, section 4.2.2 "Trimming parameter readout" and 4.2.3 "Compensation formulas").
/// </summary>
internal sealed class Bme280Calibration
{
    /// <summary>0x88..0xA1: dig_T1..dig_P9 (12 little-endian words), 0xA0 unused, 0xA1 dig_H1.</summary>
    public const int FirstBlockLength = 26;

    /// <summary>0xE1..0xE7: dig_H2..dig_H6.</summary>
    public const int SecondBlockLength = 7;

    public ushort T1 { get; init; }
    public short T2 { get; init; }
    public short T3 { get; init; }
    public ushort P1 { get; init; }
    public short P2 { get; init; }
    public short P3 { get; init; }
    public short P4 { get; init; }
    public short P5 { get; init; }
    public short P6 { get; init; }
    public short P7 { get; init; }
    public short P8 { get; init; }
    public short P9 { get; init; }
    public byte H1 { get; init; }
    public short H2 { get; init; }
    public byte H3 { get; init; }
    public short H4 { get; init; }
    public short H5 { get; init; }
    public sbyte H6 { get; init; }

    /// <summary>
    /// Decodes the two calibration blocks (datasheet Table 16). dig_H4 and dig_H5 are signed 12-bit values sharing
    /// register 0xE5: H4 = 0xE4[7:0] · 16 + 0xE5[3:0], H5 = 0xE6[7:0] · 16 + 0xE5[7:4], with 0xE4 and 0xE6 signed.
    /// </summary>
    public static Bme280Calibration Parse(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) => new()
    {
        T1 = BinaryPrimitives.ReadUInt16LittleEndian(first),
        T2 = BinaryPrimitives.ReadInt16LittleEndian(first[2..]),
        T3 = BinaryPrimitives.ReadInt16LittleEndian(first[4..]),
        P1 = BinaryPrimitives.ReadUInt16LittleEndian(first[6..]),
        P2 = BinaryPrimitives.ReadInt16LittleEndian(first[8..]),
        P3 = BinaryPrimitives.ReadInt16LittleEndian(first[10..]),
        P4 = BinaryPrimitives.ReadInt16LittleEndian(first[12..]),
        P5 = BinaryPrimitives.ReadInt16LittleEndian(first[14..]),
        P6 = BinaryPrimitives.ReadInt16LittleEndian(first[16..]),
        P7 = BinaryPrimitives.ReadInt16LittleEndian(first[18..]),
        P8 = BinaryPrimitives.ReadInt16LittleEndian(first[20..]),
        P9 = BinaryPrimitives.ReadInt16LittleEndian(first[22..]),
        H1 = first[25],
        H2 = BinaryPrimitives.ReadInt16LittleEndian(second),
        H3 = second[2],
        H4 = (short)(((sbyte)second[3] * 16) | (second[4] & 0x0F)),
        H5 = (short)(((sbyte)second[5] * 16) | (second[4] >> 4)),
        H6 = (sbyte)second[6],
    };

    /// <summary>
    /// Datasheet 4.2.3, BME280_compensate_T_int32: temperature in 0.01 °C ("5123" is 51.23 °C), and t_fine, the
    /// fine temperature the pressure and humidity formulas take.
    /// </summary>
    public int CompensateTemperature(int adcT, out int tFine)
    {
        int var1 = (((adcT >> 3) - (T1 << 1)) * T2) >> 11;
        int var2 = (((((adcT >> 4) - T1) * ((adcT >> 4) - T1)) >> 12) * T3) >> 14;
        tFine = var1 + var2;
        return ((tFine * 5) + 128) >> 8;
    }

    /// <summary>
    /// Datasheet 4.2.3, BME280_compensate_P_int64: pressure in Pa as Q24.8 ("24674867" is 24674867/256 =
    /// 96386.2 Pa); 0 when dig_P1 is 0 (avoids the division by zero the datasheet guards against).
    /// </summary>
    public uint CompensatePressure(int adcP, int tFine)
    {
        long var1 = tFine - 128000L;
        long var2 = var1 * var1 * P6;
        var2 += (var1 * P5) << 17;
        var2 += (long)P4 << 35;
        var1 = ((var1 * var1 * P3) >> 8) + ((var1 * P2) << 12);
        var1 = ((1L << 47) + var1) * P1 >> 33;
        if (var1 == 0)
        {
            return 0;
        }

        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = (P9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = (P8 * p) >> 19;
        p = ((p + var1 + var2) >> 8) + ((long)P7 << 4);
        return (uint)p;
    }

    /// <summary>
    /// Datasheet 4.2.3, bme280_compensate_H_int32: relative humidity in %RH as Q22.10 ("47445" is 47445/1024 =
    /// 46.333 %RH), clamped to 0..100 %RH.
    /// </summary>
    public uint CompensateHumidity(int adcH, int tFine)
    {
        int x = tFine - 76800;
        x = ((((adcH << 14) - (H4 << 20) - (H5 * x)) + 16384) >> 15)
            * (((((((x * H6) >> 10) * (((x * H3) >> 11) + 32768)) >> 10) + 2097152) * H2 + 8192) >> 14);
        x -= ((((x >> 15) * (x >> 15)) >> 7) * H1) >> 4;
        x = Math.Clamp(x, 0, 419430400);
        return (uint)(x >> 12);
    }
}
