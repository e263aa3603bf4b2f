using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.RawSocket;

/// <summary>The RawSocket opening handshake (WAMP spec, "RawSocket Transport", "Handshake"): 0x7F, LLLL SSSS, 0x00, 0x00.</summary>
public sealed class RawSocketHandshakeTests
{
    [Theory]
    [InlineData("7f010000", WampSerializer.Json, 512)]
    [InlineData("7f020000", WampSerializer.MsgPack, 512)]
    [InlineData("7f030000", WampSerializer.Cbor, 512)]
    [InlineData("7ff10000", WampSerializer.Json, 16777216)]
    [InlineData("7ff30000", WampSerializer.Cbor, 16777216)]
    [InlineData("7f730000", WampSerializer.Cbor, 65536)]
    [InlineData("7f040000", WampSerializer.UbJson, 512)]
    [InlineData("7ff40000", WampSerializer.UbJson, 16777216)]
    public void TryParse_ValidHandshake_ReturnsSerializerAndMaxLength(string hex, WampSerializer serializer, int maxLength)
    {
        Assert.Equal(HandshakeStatus.Ok, RawSocketHandshake.TryParse(Hex.Parse(hex), out WampSerializer parsed, out int parsedLength));
        Assert.Equal(serializer, parsed);
        Assert.Equal(maxLength, parsedLength);
    }

    // Serializer ids the router does not speak are reported as they are; refusing them (error 1) is the caller's decision.
    [Theory]
    [InlineData("7f000000", 0)]
    [InlineData("7f050000", 5)]
    [InlineData("7f0f0000", 15)]
    public void TryParse_UnknownSerializerId_ReturnsIdUnchanged(string hex, int id)
    {
        Assert.Equal(HandshakeStatus.Ok, RawSocketHandshake.TryParse(Hex.Parse(hex), out WampSerializer serializer, out _));
        Assert.Equal(id, (int)serializer);
    }

    [Theory]
    [InlineData("7f030100")]
    [InlineData("7f030001")]
    [InlineData("7f03ffff")]
    [InlineData("7f038000")]
    public void TryParse_ReservedOctetsNonZero_ReturnsReservedBitsUsed(string hex)
    {
        Assert.Equal(HandshakeStatus.ReservedBitsUsed, RawSocketHandshake.TryParse(Hex.Parse(hex), out _, out _));
    }

    [Theory]
    [InlineData("47455420")]
    [InlineData("00030000")]
    [InlineData("ff030000")]
    [InlineData("7e030000")]
    public void TryParse_FirstOctetNotMagic_ReturnsNotRawSocket(string hex)
    {
        Assert.Equal(HandshakeStatus.NotRawSocket, RawSocketHandshake.TryParse(Hex.Parse(hex), out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("7f")]
    [InlineData("7f03")]
    [InlineData("7f0300")]
    public void TryParse_FewerThanFourOctets_ReturnsIncomplete(string hex)
    {
        Assert.Equal(HandshakeStatus.Incomplete, RawSocketHandshake.TryParse(Hex.Parse(hex), out WampSerializer serializer, out int maxLength));
        Assert.Equal(WampSerializer.None, serializer);
        Assert.Equal(0, maxLength);
    }

    [Fact]
    public void TryParse_MoreThanFourOctets_ReadsOnlyTheHandshake()
    {
        Assert.Equal(HandshakeStatus.Ok, RawSocketHandshake.TryParse(Hex.Parse("7f3300000000000a"), out WampSerializer serializer, out int maxLength));
        Assert.Equal(WampSerializer.Cbor, serializer);
        Assert.Equal(4096, maxLength);
    }

    [Theory]
    [InlineData(512, WampSerializer.Json, "7f010000")]
    [InlineData(512, WampSerializer.MsgPack, "7f020000")]
    [InlineData(1 << 16, WampSerializer.Cbor, "7f730000")]
    [InlineData(1 << 20, WampSerializer.UbJson, "7fb40000")]
    [InlineData(1 << 24, WampSerializer.Cbor, "7ff30000")]
    [InlineData(int.MaxValue, WampSerializer.Json, "7ff10000")]
    [InlineData((1 << 20) - 1, WampSerializer.Cbor, "7fa30000")]
    public void WriteAccept_LimitAndSerializer_WritesExactOctets(int maxMessageLength, WampSerializer serializer, string expectedHex)
    {
        byte[] octets = new byte[RawSocketHandshake.Length];

        RawSocketHandshake.WriteAccept(octets, maxMessageLength, serializer);

        Assert.Equal(expectedHex, Hex.Format(octets));
    }

    [Theory]
    [InlineData(HandshakeError.SerializerUnsupported, "7f100000")]
    [InlineData(HandshakeError.MaxMessageLengthUnacceptable, "7f200000")]
    [InlineData(HandshakeError.ReservedBitsUsed, "7f300000")]
    [InlineData(HandshakeError.MaxConnectionCountReached, "7f400000")]
    public void WriteError_ErrorCode_WritesExactOctets(HandshakeError error, string expectedHex)
    {
        byte[] octets = [0xAA, 0xAA, 0xAA, 0xAA];

        RawSocketHandshake.WriteError(octets, error);

        Assert.Equal(expectedHex, Hex.Format(octets));
    }

    [Fact]
    public void WriteRequest_ThenTryParse_RoundTrips()
    {
        byte[] octets = new byte[RawSocketHandshake.Length];

        RawSocketHandshake.WriteRequest(octets, 1 << 20, WampSerializer.MsgPack);

        Assert.Equal(HandshakeStatus.Ok, RawSocketHandshake.TryParse(octets, out WampSerializer serializer, out int maxLength));
        Assert.Equal((WampSerializer.MsgPack, 1 << 20), (serializer, maxLength));
    }

    // The largest exponent whose 2^(9+e) does not exceed the limit: a receiver never advertises more than it accepts.
    [Theory]
    [InlineData(512, 0)]
    [InlineData(1023, 0)]
    [InlineData(1024, 1)]
    [InlineData(1025, 1)]
    [InlineData(4095, 2)]
    [InlineData(4096, 3)]
    [InlineData(65536, 7)]
    [InlineData((1 << 24) - 1, 14)]
    [InlineData(1 << 24, 15)]
    [InlineData((1 << 24) + 1, 15)]
    [InlineData(int.MaxValue, 15)]
    public void LengthExponentFor_Boundaries_ReturnsLargestExponentNotAboveLimit(int maxMessageLength, int expected)
    {
        int exponent = RawSocketHandshake.LengthExponentFor(maxMessageLength);

        Assert.Equal(expected, exponent);
        Assert.True(1L << (RawSocketHandshake.MinLengthExponent + exponent) <= Math.Max(maxMessageLength, 512));
    }

    // 512 (exponent 0) is the least a RawSocket handshake can announce: a smaller limit cannot be expressed and yields 0.
    [Theory]
    [InlineData(511)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void LengthExponentFor_BelowRawSocketMinimum_ReturnsZero(int maxMessageLength)
    {
        Assert.Equal(0, RawSocketHandshake.LengthExponentFor(maxMessageLength));
    }
}
