using EdgeWamp.Transports.Tls;

namespace EdgeWamp.Transports.Tests.Tls;

public sealed class HandshakeOffloadStreamTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WhileOffloading_AReadFinishesOnTheThreadPool_NotOnTheThreadThatCompletedIt()
    {
        using var inner = new ReadCompletedByDedicatedThread();
        var stream = new HandshakeOffloadStream(inner);

        bool onPool = await Task.Run(async () =>
        {
            int read = await stream.ReadAsync(new byte[4]);
            Assert.Equal(4, read);
            return Thread.CurrentThread.IsThreadPoolThread && Environment.CurrentManagedThreadId != inner.CompletingThreadId;
        }).WaitAsync(Timeout);

        Assert.True(onPool, "the read's continuation ran on the thread that completed it");
    }

    [Fact]
    public async Task AfterTheHandshake_ReadsPassStraightThrough()
    {
        using var inner = new ReadCompletedByDedicatedThread();
        var stream = new HandshakeOffloadStream(inner) { Offloading = false };

        int continuedOn = await Task.Run(async () =>
        {
            int read = await stream.ReadAsync(new byte[4]);
            Assert.Equal(4, read);
            return Environment.CurrentManagedThreadId;
        }).WaitAsync(Timeout);

        // The inner read's own completion ran the continuation: no hop, no allocation per read.
        Assert.Equal(inner.CompletingThreadId, continuedOn);
    }

    /// <summary>A read that completes on a thread of its own, synchronously running whatever awaits it (as an inline epoll thread does).</summary>
    private sealed class ReadCompletedByDedicatedThread : Stream
    {
        public int CompletingThreadId { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Not RunContinuationsAsynchronously: SetResult runs the awaiting code on the completing thread.
            var completion = new TaskCompletionSource<int>();
            var thread = new Thread(() =>
            {
                CompletingThreadId = Environment.CurrentManagedThreadId;
                buffer.Span.Fill(1);

                // Long enough for the caller to be awaiting, so the completion runs its continuation here.
                Thread.Sleep(100);
                completion.SetResult(buffer.Length);
            }) { IsBackground = true };
            thread.Start();
            return new ValueTask<int>(completion.Task);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
