using System.Net;
using System.Net.Sockets;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Streams;
using EdgeWamp.Transports.Tests.TestSupport;
using EdgeWamp.Transports.Tests.WebSocket;

namespace EdgeWamp.Transports.Tests.Sending;

/// <summary>The RawSocket outbox over a real loopback TCP connection: coalesced direct sends, the send loop, bounds.</summary>
[Collection(IsolatedAllocationMeasurement.Name)]
public sealed class RawSocketOutboxTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task InABatch_FramesWaitForItsEnd_ThenTheClosingThreadSendsThem()
    {
        using var pair = SocketPair.Open();
        var (outbox, loop) = LoopedOutbox.Create(pair.Transport, maxBytes: 1 << 20);

        SendBatch.Open();
        try
        {
            Assert.Equal(WriteResult.Written, outbox.TryWrite(RawSocketFrameType.Regular, "one"u8));
            Assert.Equal(WriteResult.Written, outbox.TryWrite(RawSocketFrameType.Regular, "two"u8));
            Assert.Equal(WriteResult.Written, outbox.TryWrite(RawSocketFrameType.Pong, "three"u8));

            // Nothing is sent while the batch is open.
            Assert.Equal(3 * 4 + 11, outbox.QueuedBytes);
            Assert.Equal(0, pair.Client.Available);
        }
        finally
        {
            SendBatch.Close();
        }

        // The batch's end sent them on this thread, before Close returned; the send loop was never started.
        Assert.Equal(0, outbox.QueuedBytes);
        Assert.False(loop.Started);
        Assert.Equal(RawSocketTestClient.Frame(RawSocketFrameType.Regular, "one"u8), await pair.ReceiveAsync(7));
        Assert.Equal(RawSocketTestClient.Frame(RawSocketFrameType.Regular, "two"u8), await pair.ReceiveAsync(7));
        Assert.Equal(RawSocketTestClient.Frame(RawSocketFrameType.Pong, "three"u8), await pair.ReceiveAsync(9));

        outbox.Complete();
        await loop.Invoke().WaitAsync(Timeout);
    }

    [Fact]
    public async Task OutsideABatch_TheSendLoopSends()
    {
        using var pair = SocketPair.Open();
        var (outbox, loop) = LoopedOutbox.Create(pair.Transport, maxBytes: 1 << 20);

        Assert.Equal(WriteResult.Written, outbox.TryWrite(RawSocketFrameType.Regular, "hello"u8));

        Assert.Equal(RawSocketTestClient.Frame(RawSocketFrameType.Regular, "hello"u8), await pair.ReceiveAsync(9));
        Assert.True(loop.Started);
        outbox.Complete();
        await loop.Invoke().WaitAsync(Timeout);
        Assert.Equal(0, outbox.QueuedBytes);
    }

    [Fact]
    public async Task WhenTheSocketIsFull_TheLoopSendsTheRest_InOrder()
    {
        using var pair = SocketPair.Open(sendBufferSize: 4096);
        var (outbox, loop) = LoopedOutbox.Create(pair.Transport, maxBytes: 8 << 20);

        // 2,000 frames of 1 KiB: far more than the socket and the unread client can hold.
        const int Frames = 2_000;
        byte[] message = new byte[1020];
        SendBatch.Open();
        try
        {
            for (int i = 0; i < Frames; i++)
            {
                BitConverter.TryWriteBytes(message, i);
                Assert.Equal(WriteResult.Written, outbox.TryWrite(RawSocketFrameType.Regular, message));
            }
        }
        finally
        {
            SendBatch.Close();
        }

        // The direct send stopped at the full socket and left the rest queued for the loop.
        Assert.True(outbox.QueuedBytes > 0, "the whole burst fitted into the socket; the test proves nothing");

        for (int i = 0; i < Frames; i++)
        {
            byte[] frame = await pair.ReceiveAsync(1024);
            Assert.Equal(i, BitConverter.ToInt32(frame, RawSocketFrameHeader.Length));
        }

        outbox.Complete();
        await loop.Invoke().WaitAsync(Timeout);
        Assert.Equal(0, outbox.QueuedBytes);
    }

    [Fact]
    public async Task Complete_SendsWhatIsQueued_ThenRefusesMore()
    {
        using var pair = SocketPair.Open();
        var (outbox, loop) = LoopedOutbox.Create(pair.Transport, maxBytes: 1 << 20);
        Assert.Equal(WriteResult.Written, outbox.TryWrite(RawSocketFrameType.Regular, "last"u8));
        outbox.Complete();

        await loop.Invoke().WaitAsync(Timeout);

        Assert.Equal(RawSocketTestClient.Frame(RawSocketFrameType.Regular, "last"u8), await pair.ReceiveAsync(8));
        Assert.Equal(WriteResult.Closed, outbox.TryWrite(RawSocketFrameType.Regular, "late"u8));
    }

    [Fact]
    public void AFrameBeyondTheBound_IsRefused_AndNothingIsQueued()
    {
        using var pair = SocketPair.Open();
        var (outbox, _) = LoopedOutbox.Create(pair.Transport, maxBytes: 100);

        Assert.Equal(WriteResult.Written, outbox.TryWrite(RawSocketFrameType.Regular, new byte[60]));
        Assert.Equal(WriteResult.Full, outbox.TryWrite(RawSocketFrameType.Regular, new byte[60]));
        Assert.Equal(64, outbox.QueuedBytes);
    }

    [Fact]
    public async Task ABrokenConnection_EndsTheLoop_WithTheSocketError()
    {
        using var pair = SocketPair.Open();
        var (outbox, loop) = LoopedOutbox.Create(pair.Transport, maxBytes: 8 << 20);
        pair.Client.LingerState = new LingerOption(true, 0);
        pair.Client.Close();

        // Keep writing until the reset reaches the sender: the direct send fails and hands over to the loop.
        byte[] message = new byte[1000];
        for (int i = 0; i < 10_000 && !(loop.Started && loop.Invoke().IsCompleted); i++)
        {
            SendBatch.Open();
            outbox.TryWrite(RawSocketFrameType.Regular, message);
            SendBatch.Close();
            await Task.Yield();
        }

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => loop.Invoke().WaitAsync(Timeout));
        Assert.True(TransportStream.IsDisconnect(error), error.ToString());
        Assert.Equal(WriteResult.Closed, outbox.TryWrite(RawSocketFrameType.Regular, message));
    }

    [Fact]
    public async Task CoalescedSends_AllocateNothing_InTheSteadyState()
    {
        using var pair = SocketPair.Open();
        var (outbox, loop) = LoopedOutbox.Create(pair.Transport, maxBytes: 8 << 20);
        using var draining = new CancellationTokenSource();
        Task drain = Task.Run(async () =>
        {
            byte[] sink = new byte[64 * 1024];
            try
            {
                while (await pair.Client.ReceiveAsync(sink, SocketFlags.None, draining.Token) > 0)
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        const int Batches = 10_000;
        byte[] message = new byte[48];
        WriteBatches(outbox, message, Batches);
        long before = GC.GetAllocatedBytesForCurrentThread();
        WriteBatches(outbox, message, Batches);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Less than one byte per batch of three frames: any per-write allocation costs at least 24 bytes each. Not
        // exactly 0 because the runtime may do a one-off piece of bookkeeping on this thread (as in WebSocketAllocationTests).
        Assert.InRange(allocated, 0, Batches - 1);

        outbox.Complete();
        await loop.Invoke().WaitAsync(Timeout);
        await draining.CancelAsync();
        await drain.WaitAsync(Timeout);
    }

    private static void WriteBatches(RawSocketOutbox outbox, byte[] message, int batches)
    {
        for (int i = 0; i < batches; i++)
        {
            SendBatch.Open();
            outbox.TryWrite(RawSocketFrameType.Regular, message);
            outbox.TryWrite(RawSocketFrameType.Regular, message);
            outbox.TryWrite(RawSocketFrameType.Regular, message);
            SendBatch.Close();
            if (outbox.QueuedBytes > 1 << 20)
            {
                // The drain is behind; let it catch up so the outbox stays under its bound.
                SpinWait.SpinUntil(() => outbox.QueuedBytes < 1 << 16, Timeout);
            }
        }
    }

    /// <summary>An outbox whose send loop the test can await, and see whether it was ever started.</summary>
    private sealed class LoopedOutbox
    {
        private Task? _loop;

        public bool Started => Volatile.Read(ref _loop) is not null;

        public static (RawSocketOutbox Outbox, LoopedOutbox Loop) Create(TransportStream transport, long maxBytes)
        {
            var looped = new LoopedOutbox();
            RawSocketOutbox? outbox = null;
            outbox = new RawSocketOutbox(transport, maxBytes, () => looped._loop = Task.Run(() => outbox!.RunAsync(CancellationToken.None)));
            return (outbox, looped);
        }

        /// <summary>The loop, or a completed task when it never started.</summary>
        public Task Invoke() => Volatile.Read(ref _loop) ?? Task.CompletedTask;
    }

    /// <summary>A connected loopback TCP pair: the server side as the router's transport, the client side read by the test.</summary>
    private sealed class SocketPair : IDisposable
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        private SocketPair(Socket server, Socket client)
        {
            Server = server;
            Client = client;
            Transport = new TransportStream(server, new NetworkStream(server, ownsSocket: false), null, new NetworkStream(server, ownsSocket: false));
        }

        public Socket Server { get; }

        public Socket Client { get; }

        public TransportStream Transport { get; }

        public static SocketPair Open(int? sendBufferSize = null)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (sendBufferSize is { } size)
            {
                client.ReceiveBufferSize = size;
            }

            client.Connect(listener.LocalEndPoint!);
            Socket server = listener.Accept();
            server.NoDelay = true;
            if (sendBufferSize is { } send)
            {
                server.SendBufferSize = send;
            }

            return new SocketPair(server, client);
        }

        /// <summary>Exactly <paramref name="count"/> octets from the client side.</summary>
        public async Task<byte[]> ReceiveAsync(int count)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            while (_end - _start < count)
            {
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                int received = await Client.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, timeout.Token);
                Assert.True(received > 0, "the connection ended early");
                _end += received;
            }

            byte[] octets = _buffer.AsSpan(_start, count).ToArray();
            _start += count;
            return octets;
        }

        public void Dispose()
        {
            Transport.Dispose();
            Client.Dispose();
            Server.Dispose();
        }
    }
}
