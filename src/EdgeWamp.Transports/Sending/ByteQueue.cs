using System.Buffers;

namespace EdgeWamp.Transports.Sending;

/// <summary>
/// Bytes waiting to be sent, in pooled segments. Not thread-safe: its owner locks. A segment's unsent bytes may be
/// read outside the lock while writers append behind them; only <see cref="Consume"/>, under the lock, frees them.
/// An empty queue gives its segments back, so an idle connection holds no buffer.
/// </summary>
internal sealed class ByteQueue
{
    // 16 KiB: one send carries fifteen 1 KiB EVENTs, or a few hundred small ones.
    public const int SegmentSize = 16 * 1024;

    private Segment? _head;
    private Segment? _tail;

    // One spare segment object, so a connection that empties and refills its queue does not allocate.
    private Segment? _spare;

    public long Length { get; private set; }

    public bool IsEmpty => Length == 0;

    /// <summary>A span of at least <paramref name="size"/> bytes at the end of the queue; <see cref="Advance"/> commits what was written.</summary>
    public Span<byte> GetSpan(int size)
    {
        Segment? tail = _tail;
        if (tail is null || tail.Buffer.Length - tail.End < size)
        {
            Segment segment = _spare ?? new Segment();
            _spare = null;
            segment.Buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, SegmentSize));
            segment.Start = segment.End = 0;
            segment.Next = null;
            if (tail is null)
            {
                _head = segment;
            }
            else
            {
                tail.Next = segment;
            }

            _tail = tail = segment;
        }

        return tail.Buffer.AsSpan(tail.End);
    }

    public void Advance(int count)
    {
        _tail!.End += count;
        Length += count;
    }

    /// <summary>The first unsent bytes (one segment's worth); empty when the queue is.</summary>
    public ArraySegment<byte> Peek() => _head is { } head ? new ArraySegment<byte>(head.Buffer, head.Start, head.End - head.Start) : default;

    /// <summary>Drops <paramref name="count"/> sent bytes from the front (at most what <see cref="Peek"/> returned).</summary>
    public void Consume(int count)
    {
        Segment head = _head!;
        head.Start += count;
        Length -= count;
        if (head.Start < head.End)
        {
            return;
        }

        _head = head.Next;
        if (_head is null)
        {
            _tail = null;
        }

        Release(head);
    }

    /// <summary>Gives every segment back to the pool (the connection is over).</summary>
    public void Clear()
    {
        while (_head is { } head)
        {
            _head = head.Next;
            Release(head);
        }

        _tail = null;
        Length = 0;
    }

    private void Release(Segment segment)
    {
        ArrayPool<byte>.Shared.Return(segment.Buffer);
        segment.Buffer = [];
        segment.Next = null;
        _spare = segment;
    }

    private sealed class Segment
    {
        public byte[] Buffer = [];
        public int Start;
        public int End;
        public Segment? Next;
    }
}
