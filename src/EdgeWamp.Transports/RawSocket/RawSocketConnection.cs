using System.Buffers;
using System.IO.Pipelines;
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
    // A pipe segment of 4 KiB packs many small frames into one socket read.
    private const int SegmentSize = 4096;

    private readonly TransportStream _transport;
    private readonly RawSocketListenerOptions _options;
    private readonly ILogger _logger;
    private readonly RawSocketOutbox _outbox;
    private readonly CancellationTokenSource _receiveAborted = new();

    // Cancelled when a closing connection has not drained within the drain timeout: the peer is not reading.
    private readonly CancellationTokenSource _sendAborted = new();
    private int _closing;

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
        _outbox = new RawSocketOutbox(transport, options.MaxOutboxBytes);
    }

    public WampSerializer Serializer { get; private set; }

    public string Description { get; }

    public TransportInfo Transport { get; }

    /// <summary>Bytes queued for sending and not yet handed to the socket; never above the listener's MaxOutboxBytes.</summary>
    public long QueuedBytes => _outbox.QueuedBytes;

    /// <summary>
    /// The connection's whole life:
    /// 1. read and answer the handshake (or refuse it with the spec's error code);
    /// 2. open a peer, start the send loop;
    /// 3. receive frames until the peer or the router ends the connection;
    /// 4. tell the peer it is disconnected, drain the send loop, close the socket.
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
            Task sending = SendLoopAsync();
            Task liveness = CheckLivenessAsync();
            try
            {
                using CancellationTokenRegistration stop = stopping.Register(static state => ((RawSocketConnection)state!).Close(), this);
                await ReceiveLoopAsync(stream, peer).ConfigureAwait(false);
            }
            finally
            {
                Close();
                peer.OnDisconnected();
                await sending.ConfigureAwait(false);

                // The receive loop is over: nothing more to check for liveness.
                await _receiveAborted.CancelAsync().ConfigureAwait(false);
                await liveness.ConfigureAwait(false);
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
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _outbox.Complete();
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
            await stream.WriteAsync(reply, stopping).ConfigureAwait(false);
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
        await stream.WriteAsync(reply, stopping).ConfigureAwait(false);
        _logger.HandshakeRefused(Description, error == HandshakeError.MaxConnectionCountReached
            ? "maximum connection count reached (limits.maxSessions)"
            : error.ToString());
        return false;
    }

    private async Task ReceiveLoopAsync(Stream stream, IWampPeer peer)
    {
        // Zero-byte reads: an idle connection waits for data without holding a receive buffer, so 10,000 idle sessions
        // do not pin 10,000 buffers of 16 KiB; the buffer is rented when bytes arrive and returned once they are consumed.
        PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: SegmentSize * 4, minimumReadSize: SegmentSize, leaveOpen: true, useZeroByteReads: true));
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync(_receiveAborted.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                FrameOutcome outcome;

                // Whatever the router writes for this read's frames goes out when they are all routed (SendBatch).
                SendBatch.Open();
                try
                {
                    while ((outcome = TryProcessFrame(ref buffer, peer)) == FrameOutcome.Processed)
                    {
                    }
                }
                finally
                {
                    SendBatch.Close();
                }

                if (outcome == FrameOutcome.Throttled)
                {
                    // Over the rate limit: keep the rest unexamined (the next read returns it at once) and read nothing
                    // from the socket until a token is due, so TCP flow control slows the sender (docs/limits.md).
                    reader.AdvanceTo(buffer.Start);
                    await Task.Delay(_rateLimit!.TimeUntilNextToken(), _options.Time, _receiveAborted.Token).ConfigureAwait(false);
                    continue;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (outcome == FrameOutcome.Fail || result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The send loop ended (the router closed the connection, or the socket failed).
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Cuts one frame from <paramref name="buffer"/>; an oversized frame fails the connection before its body is buffered.</summary>
    private FrameOutcome TryProcessFrame(ref ReadOnlySequence<byte> buffer, IWampPeer peer)
    {
        if (buffer.Length < RawSocketFrameHeader.Length)
        {
            return FrameOutcome.NeedMore;
        }

        Span<byte> header = stackalloc byte[RawSocketFrameHeader.Length];
        buffer.Slice(0, RawSocketFrameHeader.Length).CopyTo(header);
        if (RawSocketFrameHeader.TryParse(header, out RawSocketFrameType type, out int length) != FrameHeaderStatus.Ok)
        {
            _logger.ConnectionFailed(Description, "frame header with reserved bits or an unknown frame type");
            return FrameOutcome.Fail;
        }

        if (length > _options.AdvertisedMaxMessageSize)
        {
            _logger.ConnectionFailed(Description, $"frame of {length} bytes exceeds the maximum of {_options.AdvertisedMaxMessageSize}");
            return FrameOutcome.Fail;
        }

        if (buffer.Length < RawSocketFrameHeader.Length + length)
        {
            return FrameOutcome.NeedMore;
        }

        // The peer is alive even when its frame must wait for the rate limit.
        Volatile.Write(ref _lastReceivedTicks, Environment.TickCount64);
        if (type == RawSocketFrameType.Regular && _rateLimit is not null && !_rateLimit.TryTake())
        {
            return FrameOutcome.Throttled;
        }

        ReadOnlySequence<byte> payload = buffer.Slice(RawSocketFrameHeader.Length, length);
        switch (type)
        {
            case RawSocketFrameType.Regular:
                Deliver(payload, peer);
                break;
            case RawSocketFrameType.Ping:
                // The spec: a PONG echoes the PING's payload.
                WriteFrame(RawSocketFrameType.Pong, payload);
                break;
        }

        buffer = buffer.Slice(RawSocketFrameHeader.Length + length);
        return FrameOutcome.Processed;
    }

    private static void Deliver(ReadOnlySequence<byte> payload, IWampPeer peer)
    {
        if (payload.IsSingleSegment)
        {
            peer.Receive(payload.FirstSpan);
            return;
        }

        // A frame split across pipe segments is copied once into a pooled buffer.
        byte[] joined = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        try
        {
            payload.CopyTo(joined);
            peer.Receive(joined.AsSpan(0, (int)payload.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    private WriteResult WriteFrame(RawSocketFrameType type, ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return WriteFrame(type, payload.FirstSpan);
        }

        byte[] joined = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        try
        {
            payload.CopyTo(joined);
            return WriteFrame(type, joined.AsSpan(0, (int)payload.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
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
    /// </summary>
    private async Task CheckLivenessAsync()
    {
        if (_options.PingInterval <= TimeSpan.Zero)
        {
            return;
        }

        // Check a few times per interval so a silent peer is caught within interval + timeout (plus a fraction).
        TimeSpan period = TimeSpan.FromMilliseconds(Math.Max(10, Math.Min(_options.PingInterval.TotalMilliseconds, _options.PingTimeout.TotalMilliseconds) / 4));
        using var timer = new PeriodicTimer(period);
        byte[] pingPayload = new byte[8];
        long pingsSent = 0;
        long outstandingPing = 0;
        Volatile.Write(ref _lastReceivedTicks, Environment.TickCount64);
        try
        {
            while (await timer.WaitForNextTickAsync(_receiveAborted.Token).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                long lastReceived = Volatile.Read(ref _lastReceivedTicks);
                if (outstandingPing != 0 && lastReceived >= outstandingPing)
                {
                    // Something arrived after the PING (its PONG, or any frame): the peer is alive.
                    outstandingPing = 0;
                }

                if (outstandingPing != 0)
                {
                    if (now - outstandingPing >= _options.PingTimeout.TotalMilliseconds)
                    {
                        _logger.ConnectionFailed(Description, $"no answer {now - outstandingPing} ms after a PING: the peer is gone");
                        Abort();
                        return;
                    }
                }
                else if (now - lastReceived >= _options.PingInterval.TotalMilliseconds)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(pingPayload, ++pingsSent);
                    WriteFrame(RawSocketFrameType.Ping, pingPayload);
                    outstandingPing = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
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
