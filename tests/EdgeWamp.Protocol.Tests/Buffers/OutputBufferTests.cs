using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Protocol.Tests.Buffers;

public sealed class OutputBufferTests
{
    [Fact]
    public void Write_BeyondInitialCapacity_GrowsAndKeepsContent()
    {
        using var buffer = new OutputBuffer(4);
        byte[] expected = [.. Enumerable.Range(0, 10_000).Select(i => (byte)i)];

        foreach (byte b in expected.AsSpan(0, 3))
        {
            buffer.Write(b);
        }

        buffer.Write(expected.AsSpan(3));

        Assert.Equal(expected.Length, buffer.WrittenCount);
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
        Assert.Equal(expected, buffer.WrittenMemory.ToArray());
    }

    [Fact]
    public void GetSpanAndAdvance_SizeHint_ReturnsAtLeastThatMuch()
    {
        using var buffer = new OutputBuffer(1);

        Span<byte> span = buffer.GetSpan(100);
        span[..3].Fill(7);
        buffer.Advance(3);

        Assert.True(span.Length >= 100);
        Assert.Equal(new byte[] { 7, 7, 7 }, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Clear_AfterWrites_ResetsWrittenCount()
    {
        using var buffer = new OutputBuffer(16);
        buffer.Write("abc"u8);

        buffer.Clear();
        buffer.Write((byte)'z');

        Assert.Equal("z"u8.ToArray(), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void GetWrittenSpan_RewritesEarlierBytes()
    {
        using var buffer = new OutputBuffer(16);
        buffer.Write([0, 0, 9]);

        buffer.GetWrittenSpan(0, 2).Fill(5);

        Assert.Equal(new byte[] { 5, 5, 9 }, buffer.WrittenSpan.ToArray());
    }
}
