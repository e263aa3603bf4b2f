using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.RawSocket;

/// <summary>The 4-octet frame header (WAMP spec, RawSocket "Frames"): 5 reserved bits, 3 bits of type, 24-bit length.</summary>
public sealed class RawSocketFrameHeaderTests
{
    [Theory]
    [InlineData("00000000", RawSocketFrameType.Regular, 0)]
    [InlineData("0000002a", RawSocketFrameType.Regular, 42)]
    [InlineData("00010000", RawSocketFrameType.Regular, 65536)]
    [InlineData("00ffffff", RawSocketFrameType.Regular, 16777215)]
    [InlineData("01000004", RawSocketFrameType.Ping, 4)]
    [InlineData("02000004", RawSocketFrameType.Pong, 4)]
    [InlineData("02ffffff", RawSocketFrameType.Pong, 16777215)]
    public void TryParse_ValidHeader_ReturnsTypeAndLength(string hex, RawSocketFrameType type, int length)
    {
        Assert.Equal(FrameHeaderStatus.Ok, RawSocketFrameHeader.TryParse(Hex.Parse(hex), out RawSocketFrameType parsedType, out int parsedLength));
        Assert.Equal(type, parsedType);
        Assert.Equal(length, parsedLength);
    }

    [Theory]
    [InlineData("03000000")]
    [InlineData("04000000")]
    [InlineData("05000000")]
    [InlineData("06000000")]
    [InlineData("07000000")]
    [InlineData("08000000")]
    [InlineData("10000000")]
    [InlineData("80000000")]
    [InlineData("f8000001")]
    [InlineData("ff000000")]
    public void TryParse_ReservedTypeOrBits_ReturnsReservedBitsUsed(string hex)
    {
        Assert.Equal(FrameHeaderStatus.ReservedBitsUsed, RawSocketFrameHeader.TryParse(Hex.Parse(hex), out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0000")]
    [InlineData("000000")]
    public void TryParse_FewerThanFourOctets_ReturnsIncomplete(string hex)
    {
        Assert.Equal(FrameHeaderStatus.Incomplete, RawSocketFrameHeader.TryParse(Hex.Parse(hex), out _, out int length));
        Assert.Equal(0, length);
    }

    [Theory]
    [InlineData(RawSocketFrameType.Regular, 0, "00000000")]
    [InlineData(RawSocketFrameType.Regular, 42, "0000002a")]
    [InlineData(RawSocketFrameType.Regular, RawSocketFrameHeader.MaxPayloadLength, "00ffffff")]
    [InlineData(RawSocketFrameType.Ping, 4, "01000004")]
    [InlineData(RawSocketFrameType.Pong, 65536, "02010000")]
    public void Write_TypeAndLength_WritesExactOctets(RawSocketFrameType type, int length, string expectedHex)
    {
        byte[] octets = [0xAA, 0xAA, 0xAA, 0xAA];

        RawSocketFrameHeader.Write(octets, type, length);

        Assert.Equal(expectedHex, Hex.Format(octets));
        Assert.Equal(FrameHeaderStatus.Ok, RawSocketFrameHeader.TryParse(octets, out RawSocketFrameType parsedType, out int parsedLength));
        Assert.Equal((type, length), (parsedType, parsedLength));
    }

    // A length that does not fit 24 bits would spill into the type octet (2^24 becomes a Ping of length 0): a caller bug,
    // which must throw rather than put a corrupt header on the wire.
    [Theory]
    [InlineData(RawSocketFrameHeader.MaxPayloadLength + 1)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public void Write_LengthOutside24Bits_Throws(int length)
    {
        byte[] octets = new byte[RawSocketFrameHeader.Length];

        Assert.ThrowsAny<ArgumentException>(() => RawSocketFrameHeader.Write(octets, RawSocketFrameType.Regular, length));
    }
}
