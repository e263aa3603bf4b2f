using EdgeWamp.Transports.Sending;

namespace EdgeWamp.Transports.Tests.Sending;

public sealed class ByteQueueTests
{
    [Fact]
    public void BytesComeOutInOrder_AcrossSegments()
    {
        var queue = new ByteQueue();
        var expected = new List<byte>();
        for (int i = 0; i < 100; i++)
        {
            // 1,000 bytes each: 16 per segment, so the queue spans several segments.
            byte[] chunk = Enumerable.Range(0, 1000).Select(b => (byte)(b + i)).ToArray();
            chunk.CopyTo(queue.GetSpan(chunk.Length));
            queue.Advance(chunk.Length);
            expected.AddRange(chunk);
        }

        Assert.Equal(100_000, queue.Length);
        var actual = new List<byte>();
        while (!queue.IsEmpty)
        {
            ArraySegment<byte> head = queue.Peek();
            Assert.InRange(head.Count, 1, ByteQueue.SegmentSize);

            // Consume in uneven pieces, as partial sends do.
            int taken = Math.Min(head.Count, 777);
            actual.AddRange(head.Take(taken));
            queue.Consume(taken);
        }

        Assert.Equal(expected, actual);
        Assert.Equal(0, queue.Peek().Count);
    }

    [Fact]
    public void AMessageLargerThanASegment_GetsASegmentOfItsOwn()
    {
        var queue = new ByteQueue();
        queue.GetSpan(10)[..10].Fill(1);
        queue.Advance(10);
        Span<byte> large = queue.GetSpan(100_000);
        Assert.True(large.Length >= 100_000);
        large[..100_000].Fill(2);
        queue.Advance(100_000);

        Assert.Equal(10, queue.Peek().Count);
        queue.Consume(10);
        ArraySegment<byte> second = queue.Peek();
        Assert.Equal(100_000, second.Count);
        Assert.All(second, b => Assert.Equal(2, b));
    }

    [Fact]
    public void WritesBehindAPeekedRange_DoNotChangeIt()
    {
        var queue = new ByteQueue();
        queue.GetSpan(3)[..3].Fill(7);
        queue.Advance(3);
        ArraySegment<byte> inFlight = queue.Peek();

        // A writer appends while the peeked bytes are being sent.
        queue.GetSpan(5)[..5].Fill(9);
        queue.Advance(5);

        Assert.Equal([7, 7, 7], inFlight.ToArray());
        queue.Consume(inFlight.Count);
        Assert.Equal([9, 9, 9, 9, 9], queue.Peek().ToArray());
    }

    [Fact]
    public void Clear_EmptiesTheQueue_AndItIsUsableAgain()
    {
        var queue = new ByteQueue();
        queue.GetSpan(40_000);
        queue.Advance(40_000);
        queue.Clear();
        Assert.True(queue.IsEmpty);
        Assert.Equal(0, queue.Peek().Count);

        queue.GetSpan(1)[0] = 42;
        queue.Advance(1);
        Assert.Equal([42], queue.Peek().ToArray());
    }
}
