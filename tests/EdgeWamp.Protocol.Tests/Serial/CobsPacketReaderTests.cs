using System.Text;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Serial;

public sealed class CobsPacketReaderTests
{
    [Fact]
    public void Write_HandshakeExampleOfTheDocs_IsByteExact()
    {
        // docs/serial.md, "Example 1": the device's handshake 7F 71 00 00 (JSON, max 2^(9+7) = 64 KiB).
        byte[] packet = Packet([0x7F, 0x71, 0x00, 0x00], []);
        Assert.Equal(DocsHandshakePacket, Hex.Format(packet));
    }

    [Fact]
    public void Write_FrameExampleOfTheDocs_IsByteExact()
    {
        // docs/serial.md, "Example 2": HELLO in JSON as a regular frame.
        byte[] message = Encoding.ASCII.GetBytes("[1,\"realm1\",{}]");
        byte[] header = new byte[4];
        RawSocketFrameHeader.Write(header, RawSocketFrameType.Regular, message.Length);
        Assert.Equal(DocsHelloPacket, Hex.Format(Packet(header, message)));
    }

    [Fact]
    public void Read_HandshakeThenFrame_InOneChunk()
    {
        var reader = new CobsPacketReader(65536);
        ReadOnlySpan<byte> input = [.. Hex.Parse(DocsHandshakePacket), .. Hex.Parse(DocsHelloPacket)];

        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out ReadOnlySpan<byte> handshake));
        Assert.Equal("7f710000", Hex.Format(handshake));
        Assert.Equal(SerialFrameStatus.Frame, reader.Read(ref input, out RawSocketFrameType type, out ReadOnlySpan<byte> payload));
        Assert.Equal(RawSocketFrameType.Regular, type);
        Assert.Equal("[1,\"realm1\",{}]", Encoding.ASCII.GetString(payload));
        Assert.Equal(SerialFrameStatus.NeedMore, reader.Read(ref input, out _, out _));
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void Read_OneByteAtATime_FindsTheSamePackets()
    {
        var reader = new CobsPacketReader(65536);
        byte[] stream = [.. Hex.Parse(DocsHandshakePacket), .. Hex.Parse(DocsHelloPacket)];
        var statuses = new List<SerialFrameStatus>();
        foreach (byte b in stream)
        {
            ReadOnlySpan<byte> one = [b];
            SerialFrameStatus status = reader.Read(ref one, out _, out _);
            if (status != SerialFrameStatus.NeedMore)
            {
                statuses.Add(status);
            }
        }

        Assert.Equal([SerialFrameStatus.Handshake, SerialFrameStatus.Frame], statuses);
    }

    [Fact]
    public void Read_EveryFlippedBitOfAFrame_IsDropped_AndTheNextFrameArrives()
    {
        byte[] hello = Hex.Parse(DocsHelloPacket);
        for (int bit = 0; bit < (hello.Length - 1) * 8; bit++)
        {
            var reader = new CobsPacketReader(65536);
            ReadOnlySpan<byte> handshake = Hex.Parse(DocsHandshakePacket);
            reader.Read(ref handshake, out _, out _);
            byte[] corrupted = (byte[])hello.Clone();
            corrupted[bit / 8] ^= (byte)(1 << (bit % 8));
            ReadOnlySpan<byte> input = [.. corrupted, .. hello];

            var found = new List<SerialFrameStatus>();
            SerialFrameStatus status;
            while ((status = reader.Read(ref input, out _, out _)) != SerialFrameStatus.NeedMore)
            {
                found.Add(status);
            }

            // A flipped bit can turn a byte into 0x00 (two broken packets) but never into an accepted frame.
            Assert.DoesNotContain(SerialFrameStatus.Failed, found);
            Assert.Equal(SerialFrameStatus.Frame, found[^1]);
            Assert.Single(found, s => s == SerialFrameStatus.Frame);
        }
    }

    [Fact]
    public void Read_FrameBeforeAnyHandshake_IsDropped()
    {
        var reader = new CobsPacketReader(65536);
        ReadOnlySpan<byte> input = Hex.Parse(DocsHelloPacket);
        Assert.Equal(SerialFrameStatus.Dropped, reader.Read(ref input, out _, out _));
    }

    [Fact]
    public void Read_ValidCrcButLengthMismatch_FailsTheSession()
    {
        var reader = new CobsPacketReader(65536);
        ReadOnlySpan<byte> input = [.. Hex.Parse(DocsHandshakePacket), .. Packet([0x00, 0x00, 0x00, 0x09], "abc"u8.ToArray())];
        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out _));
        Assert.Equal(SerialFrameStatus.Failed, reader.Read(ref input, out _, out _));
    }

    [Fact]
    public void Read_PacketLongerThanAnyFrame_IsDroppedAtItsDelimiter()
    {
        var reader = new CobsPacketReader(512);
        byte[] noise = Enumerable.Repeat((byte)0x55, 2000).ToArray();
        ReadOnlySpan<byte> input = [.. Hex.Parse(DocsHandshakePacket), .. noise, 0x00, .. Packet([0x00, 0x00, 0x00, 0x02], "ok"u8.ToArray())];
        Assert.Equal(SerialFrameStatus.Handshake, reader.Read(ref input, out _, out _));
        Assert.Equal(SerialFrameStatus.Dropped, reader.Read(ref input, out _, out _));
        Assert.Equal(SerialFrameStatus.Frame, reader.Read(ref input, out _, out ReadOnlySpan<byte> payload));
        Assert.Equal("ok", Encoding.ASCII.GetString(payload));
    }

    // The two examples printed in docs/serial.md; Python's binascii.crc_hqx and its own COBS encoder give the same bytes
    // (tests/serial/serial_device.py).
    internal const string DocsHandshakePacket = "037f710103fd6300";

    internal const string DocsHelloPacket = "010101130f" + "5b312c227265616c6d31222c7b7d5d" + "c68800";

    private static byte[] Packet(byte[] head, byte[] payload)
    {
        byte[] buffer = new byte[SerialFrameWriter.MaxLength(SerialFraming.Cobs, head.Length + payload.Length)];
        int length = SerialFrameWriter.Write(SerialFraming.Cobs, buffer, head, payload);
        return buffer.AsSpan(0, length).ToArray();
    }
}
