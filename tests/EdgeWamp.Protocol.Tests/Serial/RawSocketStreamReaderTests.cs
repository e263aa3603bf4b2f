using System.Text;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serial;

public sealed class RawSocketStreamReaderTests
{
    private static readonly byte[] Handshake = Hex.Parse("7f 71 00 00");
    private static readonly byte[] Hello = [0x00, 0x00, 0x00, 0x0F, .. Encoding.ASCII.GetBytes("[1,\"realm1\",{}]")];

    [Fact]
    public void Read_NoiseThenHandshakeThenFrame_SkipsTheNoise()
    {
        var reader = new RawSocketStreamReader(65536);
        ReadOnlySpan<byte> input = [.. Encoding.ASCII.GetBytes("boot v1.2\r\n"), 0x00, 0xFF, .. Handshake, .. Hello];

        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out ReadOnlySpan<byte> handshake));
        Assert.Equal("7f710000", Hex.Format(handshake));
        Assert.Equal(13, reader.SkippedBytes);
        Assert.Equal(SerialFrameStatus.Frame, reader.Read(ref input, out RawSocketFrameType type, out ReadOnlySpan<byte> payload));
        Assert.Equal(RawSocketFrameType.Regular, type);
        Assert.Equal("[1,\"realm1\",{}]", Encoding.ASCII.GetString(payload));
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void Read_MagicInTheNoiseWithNonZeroReservedOctets_IsNotTakenForAHandshake()
    {
        var reader = new RawSocketStreamReader(65536);
        ReadOnlySpan<byte> input = [0x7F, 0x12, 0x7F, 0x01, .. Handshake];
        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out ReadOnlySpan<byte> handshake));
        Assert.Equal("7f710000", Hex.Format(handshake));
        Assert.Equal(4, reader.SkippedBytes);
    }

    [Fact]
    public void Read_OneByteAtATime_GivesTheSameResults()
    {
        var reader = new RawSocketStreamReader(65536);
        byte[] stream = [.. Handshake, .. Hello, .. Hello];
        var found = new List<string>();
        foreach (byte b in stream)
        {
            ReadOnlySpan<byte> one = [b];
            SerialFrameStatus status = reader.Read(ref one, out _, out ReadOnlySpan<byte> content);
            if (status != SerialFrameStatus.NeedMore)
            {
                found.Add($"{status}:{Encoding.ASCII.GetString(content)}");
            }

            Assert.True(one.IsEmpty);
        }

        Assert.Equal(["Handshake:\u007fq\0\0", "Frame:[1,\"realm1\",{}]", "Frame:[1,\"realm1\",{}]"], found);
    }

    [Fact]
    public void Read_HandshakeWhereAFrameHeaderIsDue_IsANewHandshake()
    {
        var reader = new RawSocketStreamReader(65536);
        ReadOnlySpan<byte> input = [.. Handshake, .. Hello, .. Hex.Parse("7f 31 00 00")];
        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out _));
        Assert.Equal(SerialFrameStatus.Frame, reader.Read(ref input, out _, out _));
        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out ReadOnlySpan<byte> again));
        Assert.Equal("7f310000", Hex.Format(again));
    }

    [Theory]
    [InlineData("00 01 00 01")]   // 65537 bytes: over the advertised 65536
    [InlineData("08 00 00 01")]   // a reserved bit
    [InlineData("05 00 00 01")]   // frame type 5 is reserved
    public void Read_ImpossibleHeader_Fails_AndTheReaderWaitsForAHandshake(string header)
    {
        var reader = new RawSocketStreamReader(65536);
        ReadOnlySpan<byte> input = [.. Handshake, .. Hex.Parse(header), .. Hello, .. Handshake, .. Hello];
        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out _));
        Assert.Equal(SerialFrameStatus.Failed, reader.Read(ref input, out _, out _));

        // The rest of the broken session is skipped up to the next handshake.
        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out _));
        Assert.Equal(SerialFrameStatus.Frame, reader.Read(ref input, out _, out _));
    }

    [Fact]
    public void AwaitHandshake_MidFrame_ForgetsThePartialFrame()
    {
        var reader = new RawSocketStreamReader(65536);
        ReadOnlySpan<byte> input = [.. Handshake, .. Hello.AsSpan(0, 7)];
        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out _));
        Assert.Equal(SerialFrameStatus.NeedMore, reader.Read(ref input, out _, out _));
        Assert.True(reader.IsMidFrame);

        reader.AwaitHandshake();
        Assert.False(reader.IsMidFrame);
        input = [.. Hello.AsSpan(7), .. Handshake];
        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out _));
    }

    [Fact]
    public void Read_LargeFrameInPieces_IsReassembled()
    {
        var reader = new RawSocketStreamReader(1 << 20);
        byte[] payload = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        byte[] frame = new byte[4 + payload.Length];
        RawSocketFrameHeader.Write(frame, RawSocketFrameType.Regular, payload.Length);
        payload.CopyTo(frame, 4);
        ReadOnlySpan<byte> input = Handshake;
        reader.Read(ref input, out _, out _);

        for (int offset = 0; offset < frame.Length; offset += 4096)
        {
            ReadOnlySpan<byte> piece = frame.AsSpan(offset, Math.Min(4096, frame.Length - offset));
            SerialFrameStatus status = reader.Read(ref piece, out _, out ReadOnlySpan<byte> content);
            if (offset + 4096 < frame.Length)
            {
                Assert.Equal(SerialFrameStatus.NeedMore, status);
            }
            else
            {
                Assert.Equal(SerialFrameStatus.Frame, status);
                Assert.Equal(payload, content.ToArray());
            }
        }
    }
}
