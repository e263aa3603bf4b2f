using System.Text;
using EdgeWamp.Protocol.Serial;

namespace EdgeWamp.Protocol.Tests.Serial;

public sealed class Crc16Tests
{
    [Fact]
    public void Compute_CatalogueCheckString_IsTheCheckValue()
    {
        // reveng CRC catalogue, CRC-16/IBM-3740 (CCITT-FALSE): check=0x29b1 for "123456789".
        Assert.Equal(0x29B1, Crc16.Compute("123456789"u8));
        Assert.Equal(Crc16.CheckValue, Crc16.Compute("123456789"u8));
    }

    [Theory]
    [InlineData("", 0xFFFF)]            // nothing shifted in: the initial value
    [InlineData("A", 0xB915)]
    [InlineData("7f310000", 0xE0CE)]    // a RawSocket handshake (hex); values from CPython's binascii.crc_hqx(data, 0xFFFF)
    public void Compute_KnownInputs_MatchAnIndependentImplementation(string input, int expected)
    {
        byte[] bytes = input.Length == 8 && input.StartsWith("7f", StringComparison.Ordinal)
            ? Convert.FromHexString(input)
            : Encoding.ASCII.GetBytes(input);
        Assert.Equal(expected, Crc16.Compute(bytes));
    }

    [Fact]
    public void Compute_AllByteValues_MatchesTheBitwiseDefinition()
    {
        byte[] data = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.Equal(0x3FBD, Crc16.Compute(data));      // binascii.crc_hqx(bytes(range(256)), 0xFFFF)
        Assert.Equal(Bitwise(data), Crc16.Compute(data));
    }

    [Fact]
    public void Update_InPieces_EqualsComputeOverTheWhole()
    {
        byte[] data = "123456789"u8.ToArray();
        Assert.Equal(Crc16.Compute(data), Crc16.Update(Crc16.Compute(data.AsSpan(0, 4)), data.AsSpan(4)));
    }

    /// <summary>The definition, one bit at a time (as a firmware author would write it from docs/serial.md).</summary>
    private static ushort Bitwise(ReadOnlySpan<byte> data)
    {
        int crc = 0xFFFF;
        foreach (byte b in data)
        {
            crc ^= b << 8;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }

        return (ushort)crc;
    }
}
