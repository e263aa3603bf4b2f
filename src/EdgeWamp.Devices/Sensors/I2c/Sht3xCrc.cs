namespace EdgeWamp.Devices.Sensors.I2c;

/// <summary>
/// The SHT3x checksum (Sensirion SHT3x-DIS datasheet 4.12, Table 20 "I2C CRC properties"): CRC-8, polynomial 0x31 (x⁸+x⁵+x⁴+1),
/// initialisation 0xFF, no reflection, no final XOR; check value CRC(0xBEEF) = 0x92.
/// </summary>
internal static class Sht3xCrc
{
    public static byte Compute(ReadOnlySpan<byte> data)
    {
        byte crc = 0xFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ 0x31) : (byte)(crc << 1);
            }
        }

        return crc;
    }
}
