using System.Text;
using EdgeWamp.Client;
using EdgeWamp.Host.Uplinks;
using EdgeWamp.Protocol.Serialization;
using Xunit;

namespace EdgeWamp.Host.Tests.Uplinks;

public sealed class SegmentQueueTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgewamp-queue-").FullName;
    private readonly ManualClock _clock = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Peek_AfterEnqueues_ReturnsThemInOrderWithTheirPayloads()
    {
        using SegmentQueue queue = Open();
        for (int i = 0; i < 5; i++)
        {
            queue.Enqueue("sensors.t", Payload(i));
        }

        var seen = new List<string>();
        while (queue.Peek() is { } message)
        {
            Assert.Equal("sensors.t", message.Topic);
            Assert.Equal(WampSerializer.Json, message.Payload.Serializer);
            seen.Add(Encoding.UTF8.GetString(message.Payload.Bytes.Span));
            queue.Acknowledge(message.Sequence);
        }

        Assert.Equal(["[0]", "[1]", "[2]", "[3]", "[4]"], seen);
        Assert.Equal((0, 0L), (queue.Count, queue.PendingBytes));
    }

    [Fact]
    public void Peek_WithoutAcknowledge_ReturnsTheSameMessage()
    {
        using SegmentQueue queue = Open();
        queue.Enqueue("a.b", Payload(1));
        queue.Enqueue("a.b", Payload(2));

        Assert.Equal(queue.Peek()!.Sequence, queue.Peek()!.Sequence);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Reopen_AfterPartialAcknowledge_KeepsTheRestInOrderAndContinuesTheSequence()
    {
        ulong lastSequence;
        using (SegmentQueue queue = Open())
        {
            for (int i = 0; i < 10; i++)
            {
                queue.Enqueue("sensors.t", Payload(i));
            }

            queue.Acknowledge(queue.Peek()!.Sequence);
            queue.Acknowledge(queue.Peek()!.Sequence);
            lastSequence = 10;
        }

        using SegmentQueue reopened = Open();
        Assert.Equal(8, reopened.Count);
        Assert.Equal("[2]", Encoding.UTF8.GetString(reopened.Peek()!.Payload.Bytes.Span));
        reopened.Enqueue("sensors.t", Payload(10));
        var sequences = new List<ulong>();
        while (reopened.Peek() is { } message)
        {
            sequences.Add(message.Sequence);
            reopened.Acknowledge(message.Sequence);
        }

        Assert.Equal(Enumerable.Range(3, 9).Select(i => (ulong)i), sequences);
        Assert.True(sequences[^1] == lastSequence + 1);
    }

    [Fact]
    public void Enqueue_OverMaxBytes_DropsTheOldestAndCountsThem()
    {
        using SegmentQueue queue = Open(maxBytes: 200);
        int dropped = 0;
        for (int i = 0; i < 20; i++)
        {
            dropped += queue.Enqueue("sensors.t", Payload(i));
        }

        Assert.True(queue.PendingBytes <= 200, $"{queue.PendingBytes} bytes pending");
        Assert.Equal(20, queue.Count + dropped);
        Assert.Equal((ulong)dropped, queue.Dropped);
        Assert.Equal($"[{dropped}]", Encoding.UTF8.GetString(queue.Peek()!.Payload.Bytes.Span));
    }

    [Fact]
    public void Peek_MessagesOlderThanMaxAge_AreDroppedAndCounted()
    {
        using SegmentQueue queue = Open(maxAge: TimeSpan.FromSeconds(60));
        queue.Enqueue("sensors.t", Payload(1));
        queue.Enqueue("sensors.t", Payload(2));
        _clock.Advance(TimeSpan.FromSeconds(45));
        queue.Enqueue("sensors.t", Payload(3));
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("[3]", Encoding.UTF8.GetString(queue.Peek()!.Payload.Bytes.Span));
        Assert.Equal(2UL, queue.Dropped);
    }

    [Fact]
    public void Dropped_SurvivesReopen()
    {
        using (SegmentQueue queue = Open(maxBytes: 100))
        {
            for (int i = 0; i < 10; i++)
            {
                queue.Enqueue("sensors.t", Payload(i));
            }

            Assert.NotEqual(0UL, queue.Dropped);
        }

        using SegmentQueue reopened = Open(maxBytes: 100);
        Assert.NotEqual(0UL, reopened.Dropped);
    }

    [Fact]
    public void Reopen_TornTailRecord_IsCutOffAndTheRestKept()
    {
        using (SegmentQueue queue = Open())
        {
            for (int i = 0; i < 3; i++)
            {
                queue.Enqueue("sensors.t", Payload(i));
            }
        }

        string segment = Assert.Single(Directory.GetFiles(_directory, "*.seg"));
        long intact = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Append))
        {
            // A record cut short: a length that promises 100 bytes, then only 7.
            file.Write([100, 0, 0, 0, 0xAB, 0xCD, 1, 2, 3, 4, 5, 6, 7]);
        }

        using SegmentQueue reopened = Open();
        Assert.Equal(3, reopened.Count);
        Assert.Equal(1, reopened.TruncatedRecords);
        Assert.Equal(intact, new FileInfo(segment).Length);
        reopened.Enqueue("sensors.t", Payload(3));
        var values = new List<string>();
        while (reopened.Peek() is { } message)
        {
            values.Add(Encoding.UTF8.GetString(message.Payload.Bytes.Span));
            reopened.Acknowledge(message.Sequence);
        }

        Assert.Equal(["[0]", "[1]", "[2]", "[3]"], values);
    }

    [Fact]
    public void Reopen_RecordWithBadCrc_EndsTheSegmentThere()
    {
        using (SegmentQueue queue = Open())
        {
            for (int i = 0; i < 3; i++)
            {
                queue.Enqueue("sensors.t", Payload(i));
            }
        }

        string segment = Assert.Single(Directory.GetFiles(_directory, "*.seg"));
        byte[] data = File.ReadAllBytes(segment);
        data[^1] ^= 0xFF;  // the last record's payload flips: its CRC no longer matches
        File.WriteAllBytes(segment, data);

        using SegmentQueue reopened = Open();
        Assert.Equal(2, reopened.Count);
        Assert.Equal(1, reopened.TruncatedRecords);
    }

    [Fact]
    public void Acknowledge_AllOfManySegments_DeletesSpentSegments()
    {
        using SegmentQueue queue = Open(maxBytes: 16384);
        byte[] large = Encoding.UTF8.GetBytes("[\"" + new string('x', 1000) + "\"]");
        for (int i = 0; i < 12; i++)
        {
            queue.Enqueue("sensors.t", new WampPayload(WampSerializer.Json, large, 1));
        }

        Assert.True(Directory.GetFiles(_directory, "*.seg").Length > 1);
        while (queue.Peek() is { } message)
        {
            queue.Acknowledge(message.Sequence);
        }

        Assert.True(Directory.GetFiles(_directory, "*.seg").Length <= 1);
    }

    [Theory]
    [InlineData("always")]
    [InlineData("batch")]
    [InlineData("never")]
    public void EveryFsyncPolicy_KeepsMessagesAcrossReopen(string policy)
    {
        var fsync = Enum.Parse<FsyncPolicy>(policy, ignoreCase: true);
        using (SegmentQueue queue = Open(fsync: fsync))
        {
            queue.Enqueue("sensors.t", Payload(7));
            queue.Sync();
        }

        using SegmentQueue reopened = Open(fsync: fsync);
        Assert.Equal("[7]", Encoding.UTF8.GetString(reopened.Peek()!.Payload.Bytes.Span));
    }

    private SegmentQueue Open(long maxBytes = 1 << 20, TimeSpan? maxAge = null, FsyncPolicy fsync = FsyncPolicy.Batch) =>
        new(_directory, maxBytes, maxAge ?? TimeSpan.FromHours(1), fsync, _clock);

    private static WampPayload Payload(int value) => new(WampSerializer.Json, Encoding.UTF8.GetBytes($"[{value}]"), 1);
}
