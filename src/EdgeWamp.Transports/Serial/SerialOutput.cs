using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serial;

namespace EdgeWamp.Transports.Serial;

/// <summary>
/// The bytes waiting to go out on one serial line, bounded: writers (the router, under its lock) encode into the
/// pending buffer and never wait; the writer thread swaps it with a second buffer and writes that to the device.
/// After warm-up the two buffers have the capacity they need, so queueing allocates nothing.
/// </summary>
internal sealed class SerialOutput : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ManualResetEventSlim _drained = new(initialState: true);
    private readonly long _maxQueuedBytes;
    private OutputBuffer _pending = new(4096);
    private OutputBuffer _sending = new(4096);
    private long _queuedBytes;

    public SerialOutput(long maxQueuedBytes)
    {
        _maxQueuedBytes = maxQueuedBytes;
    }

    /// <summary>Bytes queued or being written.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>Queues a handshake (<paramref name="head"/>, payload empty) or frame header plus payload in <paramref name="framing"/>.</summary>
    public WriteResult TryWrite(SerialFraming framing, ReadOnlySpan<byte> head, ReadOnlySpan<byte> payload)
    {
        int maxLength = SerialFrameWriter.MaxLength(framing, head.Length + payload.Length);
        lock (_lock)
        {
            if (_queuedBytes + maxLength > _maxQueuedBytes)
            {
                return WriteResult.Full;
            }

            int written = SerialFrameWriter.Write(framing, _pending.GetSpan(maxLength), head, payload);
            _pending.Advance(written);
            _queuedBytes += written;
            _drained.Reset();
        }

        _signal.Release();
        return WriteResult.Written;
    }

    /// <summary>Queues one RawSocket frame.</summary>
    public WriteResult TryWriteFrame(SerialFraming framing, RawSocketFrameType type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[RawSocketFrameHeader.Length];
        RawSocketFrameHeader.Write(header, type, payload.Length);
        return TryWrite(framing, header, payload);
    }

    /// <summary>Queues bytes exactly as given (the line bridge).</summary>
    public WriteResult TryWriteRaw(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) =>
        TryWrite(SerialFraming.RawSocket, first, second);

    /// <summary>Forgets what is queued and not yet being written (a new session must not receive the old one's tail).</summary>
    public void Discard()
    {
        lock (_lock)
        {
            _queuedBytes -= _pending.WrittenCount;
            _pending.Clear();
            if (_queuedBytes == 0)
            {
                _drained.Set();
            }
        }
    }

    /// <summary>Waits until everything queued has been written (or the timeout passes): shutdown sends GOODBYE first.</summary>
    public bool WaitDrained(TimeSpan timeout) => _drained.Wait(timeout);

    /// <summary>
    /// The writer thread's loop: waits for queued bytes and writes them until <paramref name="stopping"/> is set or
    /// the device fails. Returns false when the device failed.
    /// </summary>
    public bool Drain(SerialDevice device, Func<bool> stopping)
    {
        while (!stopping())
        {
            if (!_signal.Wait(100))
            {
                continue;
            }

            OutputBuffer sending;
            lock (_lock)
            {
                (_pending, _sending) = (_sending, _pending);
                sending = _sending;
            }

            bool ok = sending.WrittenCount == 0 || device.WriteAll(sending.WrittenSpan, stopping);
            lock (_lock)
            {
                _queuedBytes -= sending.WrittenCount;
                sending.Clear();
                if (_queuedBytes == 0)
                {
                    _drained.Set();
                }
            }

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        _signal.Dispose();
        _drained.Dispose();
        _pending.Dispose();
        _sending.Dispose();
    }
}
