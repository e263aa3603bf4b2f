using System.Collections.Concurrent;
using System.Text.Unicode;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.WebSocket;

namespace EdgeWamp.Transports.LongPoll;

/// <summary>
/// One WAMP session over HTTP long-poll (WAMP spec, "HTTP Longpoll Transport"): messages from the router wait in a
/// bounded queue until the client's next <c>receive</c> request takes them; <c>send</c> requests hand messages to
/// the router.
/// </summary>
// CA1001: the SemaphoreSlim never creates its wait handle (only WaitAsync is used), so there is nothing to free, and a
// receive request may still be waiting on it when the transport is removed.
#pragma warning disable CA1001
internal sealed class LongPollConnection : IWampConnection
#pragma warning restore CA1001
{
    private readonly ConcurrentQueue<byte[]> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly Lock _receiveLock = new();
    private readonly long _maxQueuedBytes;
    private long _queuedBytes;
    private int _closed;
    private int _disconnected;
    private long _lastRequestTicks = Environment.TickCount64;

    public LongPollConnection(string id, WebSocketSubprotocol protocol, long maxQueuedBytes, string description, TransportInfo transport)
    {
        Id = id;
        Protocol = protocol;
        _maxQueuedBytes = maxQueuedBytes;
        Description = description;
        Transport = transport;
    }

    public string Id { get; }

    public WebSocketSubprotocol Protocol { get; }

    public WampSerializer Serializer => Protocol.Serializer;

    public string Description { get; }

    public TransportInfo Transport { get; }

    /// <summary>The router session this transport carries; set once, right after it is opened.</summary>
    public IWampPeer? Peer { get; set; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Milliseconds since the client last asked for anything (for the idle timeout).</summary>
    public long IdleMilliseconds => Environment.TickCount64 - Volatile.Read(ref _lastRequestTicks);

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        if (IsClosed)
        {
            return WriteResult.Closed;
        }

        if (Interlocked.Add(ref _queuedBytes, message.Length) > _maxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -message.Length);
            return WriteResult.Full;
        }

        _queue.Enqueue(message.ToArray());
        _available.Release();
        return WriteResult.Written;
    }

    /// <summary>The router is done: what is queued can still be received, then the transport reports closed.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _available.Release();
        }
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for queued messages and returns them: one message, or every queued
    /// message as one batch in batched mode. Null when nothing arrived in time; empty when the session is over.
    /// </summary>
    public async Task<byte[]?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        Touch();
        long deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        while (_queue.IsEmpty && !IsClosed)
        {
            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                break;
            }

            await _available.WaitAsync(TimeSpan.FromMilliseconds(remaining), cancellationToken).ConfigureAwait(false);
        }

        Touch();
        lock (_receiveLock)
        {
            if (!Protocol.Batched)
            {
                return _queue.TryDequeue(out byte[]? one) ? Taken(one) : IsClosed ? [] : null;
            }

            using var batch = new MemoryStream();
            while (_queue.TryDequeue(out byte[]? message))
            {
                byte[] framed = new byte[message.Length + Protocol.FramingOverhead];
                WebSocketBatch.WriteSingle(framed, Taken(message), Protocol);
                batch.Write(framed);
            }

            return batch.Length > 0 ? batch.ToArray() : IsClosed ? [] : null;
        }
    }

    /// <summary>Hands the body of a <c>send</c> request to the router; false when it is not valid for the protocol.</summary>
    public bool Deliver(ReadOnlySpan<byte> body)
    {
        Touch();
        IWampPeer peer = Peer!;
        if (Protocol.Serializer == WampSerializer.Json && !Utf8IsValid(body))
        {
            return false;
        }

        // One request at a time may talk to the router session (IWampPeer.Receive is not reentrant).
        lock (_receiveLock)
        {
            if (!Protocol.Batched)
            {
                peer.Receive(body);
                return true;
            }

            int taken = 0;
            ReadOnlySpan<byte> batch = body;
            while (WebSocketBatch.TryTakeNext(ref batch, Protocol.Serializer == WampSerializer.Json, out ReadOnlySpan<byte> message, out _))
            {
                peer.Receive(message);
                taken++;
            }

            return WebSocketBatch.IsValidEnd(batch, taken);
        }
    }

    /// <summary>Tells the router session its transport is gone; once.</summary>
    public void Disconnect()
    {
        Close();
        if (Interlocked.Exchange(ref _disconnected, 1) == 0)
        {
            Peer?.OnDisconnected();
        }
    }

    private byte[] Taken(byte[] message)
    {
        Interlocked.Add(ref _queuedBytes, -message.Length);
        return message;
    }

    private void Touch() => Volatile.Write(ref _lastRequestTicks, Environment.TickCount64);

    private static bool Utf8IsValid(ReadOnlySpan<byte> text) => Utf8.IsValid(text);
}
