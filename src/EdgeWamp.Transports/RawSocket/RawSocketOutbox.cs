using System.Net.Sockets;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Transports.Sending;
using EdgeWamp.Transports.Streams;

namespace EdgeWamp.Transports.RawSocket;

/// <summary>
/// The sending side of one RawSocket connection: frames queue here, bounded, and go out in as few system calls as
/// possible. On a plain socket the thread that routed them sends them itself, without blocking, at the end of its
/// receive batch (<see cref="SendBatch"/>); the send loop takes over only when the socket's buffer is full, for writes
/// made outside a batch, and for TLS, which must encrypt on one stream. Exactly one sender owns the socket at a time.
/// The loop starts the first time it is needed (at the latest when the outbox completes), so an idle connection
/// that only ever sent directly holds no parked task for it.
/// </summary>
internal sealed class RawSocketOutbox : IBatchedSender
{
    private readonly TransportStream _transport;

    // The socket the router may send on directly; null under TLS.
    private readonly Socket? _directSocket;
    private readonly long _maxBytes;
    private readonly Lock _lock = new();
    private readonly ByteQueue _queue = new();
    private readonly AsyncSignal _loopSignal = new();

    // Starts the send loop (on the thread pool: never inline under the lock).
    private readonly Action _startLoop;
    private Owner _owner;
    private bool _enlisted;
    private bool _completed;
    private bool _loopStarted;

    /// <param name="startLoop">Starts a task that runs <see cref="RunAsync"/>; called once, under the outbox's lock.</param>
    public RawSocketOutbox(TransportStream transport, long maxBytes, Action startLoop)
    {
        _transport = transport;
        _directSocket = transport.PlainSocket;
        _maxBytes = maxBytes;
        _startLoop = startLoop;
    }

    /// <summary>Who sends the queued bytes now. Only the owner touches the socket's sending side.</summary>
    private enum Owner : byte
    {
        None,

        /// <summary>A routing thread, sending without blocking at the end of its batch.</summary>
        Direct,

        /// <summary>The send loop, waiting for the socket as long as it takes.</summary>
        Loop,
    }

    /// <summary>Bytes queued and not yet handed to the kernel.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_lock)
            {
                return _queue.Length;
            }
        }
    }

    /// <summary>Queues one frame: its header, then <paramref name="message"/>. Never blocks, never sends while the caller holds a lock.</summary>
    public WriteResult TryWrite(RawSocketFrameType type, ReadOnlySpan<byte> message)
    {
        int frameLength = RawSocketFrameHeader.Length + message.Length;
        bool wakeLoop = false;
        lock (_lock)
        {
            if (_completed)
            {
                return WriteResult.Closed;
            }

            if (_queue.Length + frameLength > _maxBytes)
            {
                return WriteResult.Full;
            }

            Span<byte> frame = _queue.GetSpan(frameLength);
            RawSocketFrameHeader.Write(frame, type, message.Length);
            message.CopyTo(frame[RawSocketFrameHeader.Length..]);
            _queue.Advance(frameLength);

            if (_owner == Owner.None)
            {
                if (_directSocket is not null && SendBatch.IsOpen)
                {
                    if (!_enlisted)
                    {
                        _enlisted = true;
                        SendBatch.Enlist(this);
                    }
                }
                else
                {
                    // Outside a batch (an authentication result, a call timeout) or under TLS.
                    HandToLoop();
                    wakeLoop = true;
                }
            }
        }

        if (wakeLoop)
        {
            _loopSignal.Set();
        }

        return WriteResult.Written;
    }

    /// <summary>No more frames: what is queued still goes out, then the send loop ends.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            EnsureLoopStarted();
        }

        _loopSignal.Set();
    }

    void IBatchedSender.FlushBatch()
    {
        lock (_lock)
        {
            _enlisted = false;
            if (_owner != Owner.None || _queue.IsEmpty)
            {
                return;
            }

            _owner = Owner.Direct;
        }

        SendDirect();
    }

    /// <summary>Sends without waiting until the queue is empty, or hands over to the loop when the socket is full.</summary>
    private void SendDirect()
    {
        while (true)
        {
            ArraySegment<byte> bytes;
            lock (_lock)
            {
                bytes = _queue.Peek();
                if (bytes.Count == 0)
                {
                    _owner = Owner.None;
                    if (!_completed)
                    {
                        return;
                    }
                }
            }

            if (bytes.Count == 0)
            {
                // Completed while this thread owned the socket (so the loop is started): it finishes the connection.
                _loopSignal.Set();
                return;
            }

            SendStatus status = NonBlockingSend.Send(_directSocket!, bytes, out int sent);
            if (status != SendStatus.Sent)
            {
                // Full: the loop waits for room. Broken: the loop's own send reports it and ends the connection.
                lock (_lock)
                {
                    HandToLoop();
                }

                _loopSignal.Set();
                return;
            }

            Consumed(sent);
        }
    }

    /// <summary>
    /// The send loop: sends whatever the router queued outside a batch, and what a direct send could not, waiting for
    /// the socket as long as it takes (<paramref name="aborted"/> cuts that short). Ends once completed and drained.
    /// </summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        try
        {
            while (true)
            {
                await _loopSignal.WaitAsync().ConfigureAwait(false);
                while (true)
                {
                    ArraySegment<byte> bytes;
                    lock (_lock)
                    {
                        if (_owner == Owner.Direct)
                        {
                            // A routing thread is sending; it signals again when it is done.
                            break;
                        }

                        bytes = _queue.Peek();
                        if (bytes.Count == 0)
                        {
                            _owner = Owner.None;
                            if (_completed)
                            {
                                return;
                            }

                            break;
                        }

                        _owner = Owner.Loop;
                    }

                    await _transport.Stream.WriteAsync(bytes, aborted).ConfigureAwait(false);
                    Consumed(bytes.Count);
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _completed = true;
                _owner = Owner.Loop;
                _queue.Clear();
            }
        }
    }

    /// <summary>The loop owns the socket from now on. Under the lock; the caller sets the signal after leaving it.</summary>
    private void HandToLoop()
    {
        _owner = Owner.Loop;
        EnsureLoopStarted();
    }

    private void EnsureLoopStarted()
    {
        if (!_loopStarted)
        {
            _loopStarted = true;
            _startLoop();
        }
    }

    private void Consumed(int count)
    {
        lock (_lock)
        {
            _queue.Consume(count);
        }
    }
}
