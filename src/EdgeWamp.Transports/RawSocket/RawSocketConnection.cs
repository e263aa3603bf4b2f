using System.Buffers;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.Sending;
using EdgeWamp.Transports.Streams;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.RawSocket;

/// <summary>
/// One RawSocket connection (WAMP spec, "RawSocket Transport") over a stream socket: the handshake, then a receive
/// loop that cuts frames and hands each message to its peer, and an outbox (<see cref="RawSocketOutbox"/>) that sends
/// what the router writes. The stream may be plain or TLS; it is the listener's to dispose.
/// </summary>
internal sealed class RawSocketConnection : IWampConnection, IDisposable
{
    // One read takes up to 16 KiB: hundreds of small frames, routed in one batch.
    private const int ReceiveBufferSize = 16 * 1024;

    private readonly TransportStream _transport;
    private readonly RawSocketListenerOptions _options;
    private readonly ILogger _logger;
    private readonly RawSocketOutbox _outbox;
    private readonly CancellationTokenSource _receiveAborted = new();

    // Cancelled when a closing connection has not drained within the drain timeout: the peer is not reading.
    private readonly CancellationTokenSource _sendAborted = new();
    private int _closing;

    // The send loop, once the outbox needed it (set under the outbox's lock; always set once Close returned).
    private Task? _sendLoop;

    // Liveness state, touched only by the listener's sweep (CheckLiveness).
    private bool _open;
    private long _pingsSent;
    private long _outstandingPing;

    // Environment.TickCount64 of the last frame received: any frame proves the peer alive, a PONG included.
    private long _lastReceivedTicks = Environment.TickCount64;
    private int _peerMaxMessageSize;

    // The listener's message rate limit for this connection; null when there is none.
    private readonly TokenBucket? _rateLimit;

    public RawSocketConnection(TransportStream transport, RawSocketListenerOptions options, string description, TransportInfo info, ILogger logger)
    {
        _transport = transport;
        _options = options;
        _logger = logger;
        Description = description;
        Transport = info;
        _rateLimit = options.RateLimit is { } limit ? new TokenBucket(limit, options.Time) : null;
        _outbox = new RawSocketOutbox(transport, options.MaxOutboxBytes, StartSendLoop);
    }

    public WampSerializer Serializer { get; private set; }

    public string Description { get; }

    public TransportInfo Transport { get; }

    /// <summary>Bytes queued for sending and not yet handed to the socket; never above the listener's MaxOutboxBytes.</summary>
    public long QueuedBytes => _outbox.QueuedBytes;

    /// <summary>
    /// The connection's whole life:
    /// 1. read and answer the handshake (or refuse it with the spec's error code);
    /// 2. open a peer;
    /// 3. receive frames until the peer or the router ends the connection;
    /// 4. tell the peer it is disconnected, send what is queued, close the socket.
    /// </summary>
    public async Task RunAsync(IWampPeerFactory peers, Func<bool> acceptMore, CancellationToken stopping)
    {
        Stream stream = _transport.Stream;
        try
        {
            if (!await HandshakeAsync(stream, acceptMore, stopping).ConfigureAwait(false))
            {
                return;
            }

            _logger.ConnectionOpened(Description, Serializer.ToString());
            IWampPeer peer = peers.Open(this);
            Volatile.Write(ref _lastReceivedTicks, Environment.TickCount64);
            Volatile.Write(ref _open, true);
            try
            {
                using CancellationTokenRegistration stop = stopping.Register(static state => ((RawSocketConnection)state!).Close(), this);
                await ReceiveLoopAsync(stream, peer).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _open, false);
                Close();
                peer.OnDisconnected();
                await _sendLoop!.ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            _logger.ConnectionReset(Description, exception);
        }
        finally
        {
            _logger.ConnectionClosed(Description);
        }
    }

    public WriteResult TryWrite(ReadOnlySpan<byte> message) => WriteFrame(RawSocketFrameType.Regular, message);

    /// <summary>Sends what is queued, then closes; a peer that does not read it within the drain timeout is cut off.</summary>
    public void Close()
    {
        // Every caller completes the outbox (it is idempotent): when Close returns, the send loop exists, even if
        // another thread's Close came first.
        _outbox.Complete();
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        try
        {
            _sendAborted.CancelAfter(_options.DrainTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }

    private async Task<bool> HandshakeAsync(Stream stream, Func<bool> acceptMore, CancellationToken stopping)
    {
        byte[] octets = new byte[RawSocketHandshake.Length];
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            timeout.CancelAfter(_options.HandshakeTimeout);
            try
            {
                await stream.ReadExactlyAsync(octets, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or EndOfStreamException)
            {
                _logger.HandshakeRefused(Description, "no handshake within the timeout");
                return false;
            }
        }

        HandshakeStatus status = RawSocketHandshake.TryParse(octets, out WampSerializer serializer, out int peerMax);
        HandshakeError error = status switch
        {
            HandshakeStatus.NotRawSocket => HandshakeError.Illegal,
            HandshakeStatus.ReservedBitsUsed => HandshakeError.ReservedBitsUsed,
            _ when !_options.Serializers.Contains(serializer) => HandshakeError.SerializerUnsupported,
            _ when !acceptMore() => HandshakeError.MaxConnectionCountReached,
            _ => HandshakeError.Illegal,
        };

        byte[] reply = new byte[RawSocketHandshake.Length];
        if (status == HandshakeStatus.Ok && error == HandshakeError.Illegal)
        {
            Serializer = serializer;
            // A frame's 24-bit length holds at most 2^24 - 1, one less than the largest length a peer can advertise.
            _peerMaxMessageSize = Math.Min(peerMax, RawSocketFrameHeader.MaxPayloadLength);
            RawSocketHandshake.WriteAccept(reply, _options.AdvertisedMaxMessageSize, serializer);
            await SendHandshakeReplyAsync(stream, reply, stopping).ConfigureAwait(false);
            return true;
        }

        if (status == HandshakeStatus.NotRawSocket)
        {
            // Not a RawSocket client at all: there is no protocol in which to answer.
            _logger.HandshakeRefused(Description, "the first octet is not 0x7F");
            return false;
        }

        _logger.HandshakeError(Description, error);
        RawSocketHandshake.WriteError(reply, error);
        await SendHandshakeReplyAsync(stream, reply, stopping).ConfigureAwait(false);
        _logger.HandshakeRefused(Description, error == HandshakeError.MaxConnectionCountReached
            ? "maximum connection count reached (limits.maxSessions)"
            : error.ToString());
        return false;
    }

    /// <summary>
    /// The 4 reply octets. On a plain socket they go straight to the kernel, whose buffer is empty at this point, so
    /// the socket never needs .NET's send machinery (memory every idle connection would keep); the stream is the fallback.
    /// </summary>
    private async ValueTask SendHandshakeReplyAsync(Stream stream, byte[] reply, CancellationToken stopping)
    {
        int sent = 0;
        if (_transport.PlainSocket is { } socket && NonBlockingSend.Send(socket, reply, out sent) == SendStatus.Sent && sent == reply.Length)
        {
            return;
        }

        await stream.WriteAsync(reply.AsMemory(sent), stopping).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads frames until the peer closes. While nothing is buffered the loop waits with a zero-byte read and holds no
    /// buffer, so 10,000 idle sessions do not pin 10,000 buffers; one is rented when bytes arrive and returned once
    /// they are all consumed. Every frame of one read is routed in one <see cref="SendBatch"/>.
    /// </summary>
    private async Task ReceiveLoopAsync(Stream stream, IWampPeer peer)
    {
        byte[]? buffer = null;
        int start = 0;
        int end = 0;
        try
        {
            while (true)
            {
                if (start == end)
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }

                    start = end = 0;
                    await stream.ReadAsync(Memory<byte>.Empty, _receiveAborted.Token).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
                }
                else
                {
                    MakeRoom(ref buffer!, ref start, ref end);
                }

                int received = await stream.ReadAsync(buffer.AsMemory(end), _receiveAborted.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    return;
                }

                end += received;
                while (true)
                {
                    FrameOutcome outcome = ProcessFrames(buffer, ref start, end, peer);
                    if (outcome == FrameOutcome.Fail)
                    {
                        return;
                    }

                    if (outcome != FrameOutcome.Throttled)
                    {
                        break;
                    }

                    // Over the rate limit: read nothing from the socket until a token is due, so TCP flow control slows
                    // the sender (docs/limits.md); then go on with what is buffered.
                    await Task.Delay(_rateLimit!.TimeUntilNextToken(), _options.Time, _receiveAborted.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The send loop ended (the router closed the connection, or the socket failed).
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Room for the rest of a partly received frame: the unread bytes move to the front, into a larger buffer when the
    /// frame (at most the advertised maximum, checked when its header arrived) does not fit the current one.
    /// </summary>
    private static void MakeRoom(ref byte[] buffer, ref int start, ref int end)
    {
        int buffered = end - start;
        int needed = RawSocketFrameHeader.Length;
        if (buffered >= RawSocketFrameHeader.Length)
        {
            // The header was checked when it arrived (TryProcessFrame): only its length is needed here.
            RawSocketFrameHeader.TryParse(buffer.AsSpan(start), out _, out int length);
            needed += length;
        }

        if (start > 0 && buffer.Length - start < needed)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, buffered);
            start = 0;
            end = buffered;
        }

        if (buffer.Length < needed)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(needed);
            Buffer.BlockCopy(buffer, start, larger, 0, buffered);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
            start = 0;
            end = buffered;
        }
    }

    /// <summary>Routes every whole frame in <paramref name="buffer"/>[start..end], in one send batch; stops at a partial frame.</summary>
    private FrameOutcome ProcessFrames(byte[] buffer, ref int start, int end, IWampPeer peer)
    {
        // Whatever the router writes for this read's frames goes out when they are all routed (SendBatch).
        SendBatch.Open();
        try
        {
            while (true)
            {
                FrameOutcome outcome = TryProcessFrame(buffer.AsSpan(start, end - start), peer, out int consumed);
                start += consumed;
                if (outcome != FrameOutcome.Processed)
                {
                    return outcome;
                }
            }
        }
        finally
        {
            SendBatch.Close();
        }
    }

    /// <summary>Cuts one frame from the front of <paramref name="data"/>; an oversized frame fails the connection before its body is buffered.</summary>
    private FrameOutcome TryProcessFrame(ReadOnlySpan<byte> data, IWampPeer peer, out int consumed)
    {
        consumed = 0;
        if (data.Length < RawSocketFrameHeader.Length)
        {
            return FrameOutcome.NeedMore;
        }

        if (RawSocketFrameHeader.TryParse(data, out RawSocketFrameType type, out int length) != FrameHeaderStatus.Ok)
        {
            _logger.ConnectionFailed(Description, "frame header with reserved bits or an unknown frame type");
            return FrameOutcome.Fail;
        }

        if (length > _options.AdvertisedMaxMessageSize)
        {
            _logger.ConnectionFailed(Description, $"frame of {length} bytes exceeds the maximum of {_options.AdvertisedMaxMessageSize}");
            return FrameOutcome.Fail;
        }

        if (data.Length < RawSocketFrameHeader.Length + length)
        {
            return FrameOutcome.NeedMore;
        }

        // The peer is alive even when its frame must wait for the rate limit.
        Volatile.Write(ref _lastReceivedTicks, Environment.TickCount64);
        if (type == RawSocketFrameType.Regular && _rateLimit is not null && !_rateLimit.TryTake())
        {
            return FrameOutcome.Throttled;
        }

        ReadOnlySpan<byte> payload = data.Slice(RawSocketFrameHeader.Length, length);
        switch (type)
        {
            case RawSocketFrameType.Regular:
                peer.Receive(payload);
                break;
            case RawSocketFrameType.Ping:
                // The spec: a PONG echoes the PING's payload.
                WriteFrame(RawSocketFrameType.Pong, payload);
                break;
        }

        consumed = RawSocketFrameHeader.Length + length;
        return FrameOutcome.Processed;
    }

    private WriteResult WriteFrame(RawSocketFrameType type, ReadOnlySpan<byte> message)
    {
        if (message.Length > _peerMaxMessageSize)
        {
            return WriteResult.TooLarge;
        }

        return _outbox.TryWrite(type, message);
    }

    /// <summary>
    /// Liveness (WAMP spec, RawSocket "Ping/Pong"): after PingInterval of silence the router sends a PING; a peer still
    /// silent PingTimeout later has vanished without closing its socket, and its connection is cut so its session goes.
    /// Called a few times per interval by the listener's one sweep over all its connections (a timer and a task per
    /// connection would cost every idle session memory), with <paramref name="now"/> from Environment.TickCount64.
    /// </summary>
    internal void CheckLiveness(long now)
    {
        if (!Volatile.Read(ref _open))
        {
            return;
        }

        long lastReceived = Volatile.Read(ref _lastReceivedTicks);
        if (_outstandingPing != 0 && lastReceived >= _outstandingPing)
        {
            // Something arrived after the PING (its PONG, or any frame): the peer is alive.
            _outstandingPing = 0;
        }

        if (_outstandingPing != 0)
        {
            if (now - _outstandingPing >= _options.PingTimeout.TotalMilliseconds)
            {
                _logger.ConnectionFailed(Description, $"no answer {now - _outstandingPing} ms after a PING: the peer is gone");
                Abort();
            }
        }
        else if (now - lastReceived >= _options.PingInterval.TotalMilliseconds)
        {
            Span<byte> pingPayload = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(pingPayload, ++_pingsSent);
            WriteFrame(RawSocketFrameType.Ping, pingPayload);
            _outstandingPing = now;
        }
    }

    /// <summary>Cuts the connection at once: nothing queued is sent (the peer is gone).</summary>
    private void Abort()
    {
        Close();
        try
        {
            _sendAborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }

        _transport.Shutdown();
    }

    private void StartSendLoop() => _sendLoop = Task.Run(SendLoopAsync);

    private async Task SendLoopAsync()
    {
        try
        {
            await _outbox.RunAsync(_sendAborted.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            _logger.ConnectionReset(Description, exception);
        }
        finally
        {
            // Half-close: the peer reads all we sent (an ABORT or GOODBYE last), then sees the end. Closing both ways
            // while the peer still sends would reset the connection and could destroy that last message in flight,
            // so the receive loop keeps reading (and ignoring) until the peer closes, for at most the drain timeout.
            await _transport.ShutdownSendAsync().ConfigureAwait(false);
            try
            {
                _receiveAborted.CancelAfter(_options.DrainTimeout);
            }
            catch (ObjectDisposedException)
            {
                // The connection already ended.
            }
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _open, false);
        _receiveAborted.Dispose();
        _sendAborted.Dispose();
    }

    private static bool IsDisconnect(Exception exception) => TransportStream.IsDisconnect(exception);

    private enum FrameOutcome
    {
        Processed,
        NeedMore,
        Fail,

        /// <summary>A whole frame is there, but the connection is over its message rate limit: wait, then go on.</summary>
        Throttled,
    }
}
