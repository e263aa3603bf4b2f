using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serial;

public sealed class CobsTests
{
    /// <summary>
    /// The encoding examples of the COBS article on Wikipedia ("Consistent Overhead Byte Stuffing", Examples 1-11),
    /// which follow Cheshire and Baker's paper; the trailing 00 delimiter of each example is left out here.
    /// </summary>
    public static TheoryData<string, string> Vectors()
    {
        string run01ToFE = Hex.Format(Range(0x01, 0xFE));
        string run02ToFF = Hex.Format(Range(0x02, 0xFF));
        string run03ToFF = Hex.Format(Range(0x03, 0xFF));
        return new TheoryData<string, string>
        {
            { "00", "01 01" },
            { "00 00", "01 01 01" },
            { "00 11 00", "01 02 11 01" },
            { "11 22 00 33", "03 11 22 02 33" },
            { "11 22 33 44", "05 11 22 33 44" },
            { "11 00 00 00", "02 11 01 01 01" },
            { run01ToFE, "ff" + run01ToFE },
            { "00" + run01ToFE, "01 ff" + run01ToFE },
            { run01ToFE + "ff", "ff" + run01ToFE + "02 ff" },
            { run02ToFF + "00", "ff" + run02ToFF + "01 01" },
            { run03ToFF + "00 01", "fe" + run03ToFF + "02 01" },
            { string.Empty, "01" },
        };
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encode_PublishedVectors_MatchByteForByte(string decoded, string encoded)
    {
        byte[] input = Hex.Parse(decoded);
        byte[] output = new byte[Cobs.MaxEncodedLength(input.Length)];
        int length = Cobs.Encode(input, output);
        Assert.Equal(Hex.Format(Hex.Parse(encoded)), Hex.Format(output.AsSpan(0, length)));
        Assert.DoesNotContain((byte)0, output.AsSpan(0, length).ToArray());
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TryDecode_PublishedVectors_GiveBackTheInput(string decoded, string encoded)
    {
        byte[] input = Hex.Parse(encoded);
        byte[] output = new byte[input.Length];
        Assert.True(Cobs.TryDecode(input, output, out int length));
        Assert.Equal(Hex.Format(Hex.Parse(decoded)), Hex.Format(output.AsSpan(0, length)));
    }

    [Fact]
    public void TryDecode_InPlace_Works()
    {
        byte[] buffer = Hex.Parse("03 11 22 02 33");
        Assert.True(Cobs.TryDecode(buffer, buffer, out int length));
        Assert.Equal("11220033", Hex.Format(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void TryDecode_TrailingFullBlockWithExtraEmptyBlock_IsAccepted()
    {
        // Some encoders close a final full block with an extra 01: both forms decode to the same bytes.
        byte[] input = [0xFF, .. Range(0x01, 0xFE), 0x01];
        byte[] output = new byte[input.Length];
        Assert.True(Cobs.TryDecode(input, output, out int length));
        Assert.Equal(Range(0x01, 0xFE), output.AsSpan(0, length).ToArray());
    }

    [Theory]
    [InlineData("05 11 22")]          // the block says 4 data bytes follow; only 2 do
    [InlineData("03 11 00")]          // a zero inside the packet: the delimiter was not where the framer cut
    [InlineData("00")]                // a zero code byte
    public void TryDecode_NotACobsEncoding_IsRefused(string encoded)
    {
        byte[] input = Hex.Parse(encoded);
        Assert.False(Cobs.TryDecode(input, new byte[16], out _));
    }

    [Fact]
    public void Encode_RandomPackets_RoundTrip_AndStayWithinTheBound()
    {
        var random = new Random(6);
        for (int i = 0; i < 500; i++)
        {
            byte[] packet = new byte[random.Next(0, 1200)];
            random.NextBytes(packet);
            if (i % 3 == 0)
            {
                Array.Clear(packet, 0, packet.Length / 2);
            }

            byte[] encoded = new byte[Cobs.MaxEncodedLength(packet.Length)];
            int length = Cobs.Encode(packet, encoded);
            Assert.InRange(length, packet.Length + 1, Cobs.MaxEncodedLength(packet.Length));
            Assert.DoesNotContain((byte)0, encoded.AsSpan(0, length).ToArray());
            byte[] decoded = new byte[length];
            Assert.True(Cobs.TryDecode(encoded.AsSpan(0, length), decoded, out int decodedLength));
            Assert.Equal(packet, decoded.AsSpan(0, decodedLength).ToArray());
        }
    }

    private static byte[] Range(int first, int last) => Enumerable.Range(first, last - first + 1).Select(i => (byte)i).ToArray();
}
