using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Streams;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.WebSocket;

/// <summary>
/// One WAMP-over-WebSocket connection (WAMP spec, "WebSocket Transport"; RFC 6455) after the upgrade: a receive loop
/// that reassembles messages (within the maximum message size) and hands each WAMP message to its peer, and a send
/// loop that drains a bounded outbox, exactly like <see cref="RawSocketConnection"/>, so the router never blocks.
/// </summary>
internal sealed class WebSocketConnection : IWampConnection, IDisposable
{
    private const int SegmentSize = 4096;

    // Each outbox record is a 4-byte little-endian length and the WebSocket message (batch framing included).
    private const int RecordHeaderSize = 4;

    private readonly TransportStream _transport;
    private readonly System.Net.WebSockets.WebSocket _webSocket;
    private readonly WebSocketSubprotocol _protocol;
    private readonly RawSocketListenerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _writeLock = new();
    private readonly CancellationTokenSource _receiveAborted = new();
    private readonly CancellationTokenSource _sendAborted = new();
    private readonly Pipe _outgoing = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: SegmentSize, useSynchronizationContext: false));
    private long _queuedBytes;
    private bool _closing;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string? _closeReason;

    public WebSocketConnection(TransportStream transport, System.Net.WebSockets.WebSocket webSocket, WebSocketSubprotocol protocol, RawSocketListenerOptions options, string description, TransportInfo info, ILogger logger)
    {
        _transport = transport;
        _webSocket = webSocket;
        _protocol = protocol;
        _options = options;
        _logger = logger;
        Description = description;
        Transport = info;
    }

    public WampSerializer Serializer => _protocol.Serializer;

    public string Description { get; }

    public TransportInfo Transport { get; }

    /// <summary>
    /// The connection's life after the 101 response:
    /// 1. open a peer and start the send loop;
    /// 2. receive messages until the peer closes, fails, or the router closes the connection;
    /// 3. tell the peer it is disconnected, drain the send loop (ending with a close frame), wait briefly for the
    ///    client's close frame, then the caller closes the socket.
    /// </summary>
    public async Task RunAsync(IWampPeerFactory peers, CancellationToken stopping)
    {
        _logger.ConnectionOpened(Description, _protocol.Name);
        IWampPeer peer = peers.Open(this);
        Task sending = SendLoopAsync();
        try
        {
            using CancellationTokenRegistration stop = stopping.Register(static state => ((WebSocketConnection)state!).Close(WebSocketCloseStatus.EndpointUnavailable, "router shutting down"), this);
            await ReceiveLoopAsync(peer).ConfigureAwait(false);
        }
        finally
        {
            Close();
            peer.OnDisconnected();
            await sending.ConfigureAwait(false);
            _logger.ConnectionClosed(Description);
        }
    }

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        int messageLength = message.Length + _protocol.FramingOverhead;
        int recordLength = RecordHeaderSize + messageLength;
        lock (_writeLock)
        {
            if (_closing)
            {
                return WriteResult.Closed;
            }

            if (Volatile.Read(ref _queuedBytes) + recordLength > _options.MaxOutboxBytes)
            {
                return recordLength > _options.MaxOutboxBytes ? WriteResult.TooLarge : WriteResult.Full;
            }

            PipeWriter writer = _outgoing.Writer;
            Span<byte> record = writer.GetSpan(recordLength);
            BinaryPrimitives.WriteInt32LittleEndian(record, messageLength);
            WebSocketBatch.WriteSingle(record[RecordHeaderSize..], message, _protocol);
            writer.Advance(recordLength);
            Interlocked.Add(ref _queuedBytes, recordLength);

            // Completes synchronously: with no pause threshold a pipe flush never waits. It wakes the send loop.
            ValueTask<FlushResult> flush = writer.FlushAsync();
            if (!flush.IsCompletedSuccessfully)
            {
                flush.AsTask().GetAwaiter().GetResult();
            }
        }

        return WriteResult.Written;
    }

    /// <summary>Sends what is queued, then a close frame (1000); a peer that does not read it within the drain timeout is cut off.</summary>
    public void Close() => Close(WebSocketCloseStatus.NormalClosure, null);

    private void Close(WebSocketCloseStatus status, string? reason)
    {
        lock (_writeLock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            _closeStatus = status;
            _closeReason = reason;
            _outgoing.Writer.Complete();
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

    /// <summary>Fails the connection with a close code of RFC 6455, section 7.4.1, after one log line.</summary>
    private void Fail(WebSocketCloseStatus status, string reason)
    {
        _logger.ConnectionFailed(Description, reason);
        Close(status, reason);
    }

    private async Task ReceiveLoopAsync(IWampPeer peer)
    {
        // Grows (doubling, pooled) up to the largest message accepted; most messages fit the first buffer.
        int limit = _options.MaxMessageSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(SegmentSize, limit + 1));
        int count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                ValueWebSocketReceiveResult result = await _webSocket.ReceiveAsync(buffer.AsMemory(count), _receiveAborted.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client's close: answer with the same code (RFC 6455, section 5.5.1).
                    Close(_webSocket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null);
                    return;
                }

                count += result.Count;
                if (count > limit)
                {
                    Fail(WebSocketCloseStatus.MessageTooBig, $"message larger than the maximum of {limit} bytes");
                    return;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (result.MessageType != _protocol.MessageType)
                {
                    Fail(WebSocketCloseStatus.InvalidMessageType, $"{result.MessageType} message on {_protocol.Name}, which uses {_protocol.MessageType} messages");
                    return;
                }

                // RawSocket connections written to while routing this message send at its end (SendBatch).
                SendBatch.Open();
                bool delivered;
                try
                {
                    delivered = Deliver(buffer.AsSpan(0, count), peer);
                }
                finally
                {
                    SendBatch.Close();
                }

                if (!delivered)
                {
                    return;
                }

                count = 0;
            }
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            // The peer vanished, the keepalive timed out, or the send loop ended and the drain time is over.
            _logger.ConnectionReset(Description, exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool Deliver(ReadOnlySpan<byte> message, IWampPeer peer)
    {
        if (!_protocol.Batched)
        {
            peer.Receive(message);
            return true;
        }

        bool json = _protocol.Serializer == WampSerializer.Json;
        int delivered = 0;
        ReadOnlySpan<byte> batch = message;
        while (WebSocketBatch.TryTakeNext(ref batch, json, out ReadOnlySpan<byte> one, out _))
        {
            peer.Receive(one);
            delivered++;
        }

        if (!WebSocketBatch.IsValidEnd(batch, delivered))
        {
            Fail(WebSocketCloseStatus.ProtocolError, delivered == 0 ? "empty batch" : "malformed batch");
            return false;
        }

        return true;
    }

    private async Task SendLoopAsync()
    {
        PipeReader reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                long available = buffer.Length;
                while (TryTakeRecord(ref buffer, out ReadOnlySequence<byte> message))
                {
                    await SendMessageAsync(message).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                Interlocked.Add(ref _queuedBytes, -(available - buffer.Length));
                if (result.IsCompleted)
                {
                    break;
                }
            }

            if (_webSocket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _webSocket.CloseOutputAsync(_closeStatus, _closeReason, _sendAborted.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            _logger.ConnectionReset(Description, exception);
        }
        finally
        {
            lock (_writeLock)
            {
                _closing = true;
            }

            await reader.CompleteAsync().ConfigureAwait(false);

            // The close frame is out: the client answers with its own and closes; after the drain timeout the
            // receive loop stops waiting for it.
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

    private static bool TryTakeRecord(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        message = default;
        if (buffer.Length < RecordHeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[RecordHeaderSize];
        buffer.Slice(0, RecordHeaderSize).CopyTo(header);
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (buffer.Length < RecordHeaderSize + length)
        {
            return false;
        }

        message = buffer.Slice(RecordHeaderSize, length);
        buffer = buffer.Slice(RecordHeaderSize + length);
        return true;
    }

    private async ValueTask SendMessageAsync(ReadOnlySequence<byte> message)
    {
        // A record is written into one contiguous span, so it is a single segment; the loop covers the general case
        // by sending fragments of one WebSocket message.
        if (message.IsSingleSegment)
        {
            await _webSocket.SendAsync(message.First, _protocol.MessageType, WebSocketMessageFlags.EndOfMessage, _sendAborted.Token).ConfigureAwait(false);
            return;
        }

        ReadOnlySequence<byte>.Enumerator segments = message.GetEnumerator();
        bool more = segments.MoveNext();
        while (more)
        {
            ReadOnlyMemory<byte> segment = segments.Current;
            more = segments.MoveNext();
            await _webSocket.SendAsync(segment, _protocol.MessageType, more ? WebSocketMessageFlags.None : WebSocketMessageFlags.EndOfMessage, _sendAborted.Token).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _webSocket.Dispose();
        _receiveAborted.Dispose();
        _sendAborted.Dispose();
    }

    private static bool IsDisconnect(Exception exception) =>
        exception is WebSocketException || TransportStream.IsDisconnect(exception);
}
