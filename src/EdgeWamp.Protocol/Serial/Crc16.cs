namespace EdgeWamp.Protocol.Serial;

/// <summary>
/// CRC-16/CCITT-FALSE (the reveng catalogue's CRC-16/IBM-3740): width 16, polynomial 0x1021, initial value 0xFFFF,
/// input and output not reflected, final XOR 0x0000, check value 0x29B1 for the ASCII bytes "123456789".
/// It protects each packet of the <c>cobs</c> serial framing (docs/serial.md).
/// </summary>
/// <remarks>
/// Chosen because microcontroller SDKs ship it (Zephyr <c>crc16_itu_t</c> with seed 0xFFFF, Arduino CRC libraries,
/// ESP-IDF ROM <c>crc16_be</c> with the appropriate seed and final inversion) and a firmware author can write it
/// bit by bit in eight lines of C.
/// </remarks>
public static class Crc16
{
    public const ushort Polynomial = 0x1021;

    public const ushort InitialValue = 0xFFFF;

    /// <summary>The CRC of "123456789", the catalogue's check value.</summary>
    public const ushort CheckValue = 0x29B1;

    // One entry per value of the top byte: the remainder of (byte << 8) divided by the polynomial, MSB first.
    private static readonly ushort[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Update(InitialValue, data);

    /// <summary>Continues a CRC over more data: <c>Update(Update(Init, a), b) == Compute(a ++ b)</c>.</summary>
    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        ushort[] table = Table;
        foreach (byte b in data)
        {
            crc = (ushort)((crc << 8) ^ table[(byte)((crc >> 8) ^ b)]);
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int value = 0; value < 256; value++)
        {
            int crc = value << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ Polynomial : crc << 1;
            }

            table[value] = (ushort)crc;
        }

        return table;
    }
}
