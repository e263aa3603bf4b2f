using System.Buffers.Binary;
using System.Diagnostics;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.Serial;

/// <summary>
/// WAMP over one serial line (docs/serial.md): the device opens a session with the RawSocket handshake, and the link
/// keeps exactly one session at a time. A new handshake ends the running session as if its connection had dropped
/// (the device reset) and starts the next; an impossible frame, a silent device (PING unanswered) or the device
/// going away end it too, and the link waits for the next handshake. All methods run on the link's reader thread.
/// </summary>
internal sealed class WampSerialLink : ISerialLinkHandler
{
    private readonly SerialListenerOptions _options;
    private readonly IWampPeerFactory _peers;
    private readonly SerialOutput _output;
    private readonly ILogger _logger;
    private readonly long _pingInterval;
    private readonly long _pingTimeout;
    private readonly long _frameGapTimeout;
    private ISerialFrameReader _reader;
    private SerialLinkConnection? _connection;
    private IWampPeer? _peer;
    private long _lastReceived;
    private long _lastByte;
    private long _pingSentAt;
    private uint _pingCounter;

    public WampSerialLink(SerialListenerOptions options, IWampPeerFactory peers, SerialOutput output, ILogger logger)
    {
        _options = options;
        _peers = peers;
        _output = output;
        _logger = logger;
        _pingInterval = ToTimestamp(options.PingInterval);
        _pingTimeout = ToTimestamp(options.PingTimeout);
        _frameGapTimeout = ToTimestamp(options.FrameGapTimeout);
        _reader = CreateReader();
    }

    public string Description => $"serial {_options.Port.Device}";

    /// <summary>Sessions started on this link so far.</summary>
    public int SessionCount { get; private set; }

    public bool HasSession => _peer is not null;

    public long SkippedBytes => _reader.SkippedBytes;

    /// <summary>Packets (<c>cobs</c>) or frames lost to noise, and frames received outside a session.</summary>
    public long DroppedFrames { get; private set; }

    public WriteResult Write(RawSocketFrameType type, ReadOnlySpan<byte> payload) => _output.TryWriteFrame(_options.Framing, type, payload);

    public void OnOpened() => _reader = CreateReader();

    public void OnReceived(ReadOnlySpan<byte> bytes, long timestamp)
    {
        _lastByte = timestamp;

        // Whatever the router writes for these frames goes out when they are all routed (SendBatch).
        SendBatch.Open();
        try
        {
            while (!bytes.IsEmpty)
            {
                SerialFrameStatus status = _reader.Read(ref bytes, out RawSocketFrameType type, out ReadOnlySpan<byte> content);
                switch (status)
                {
                    case SerialFrameStatus.Handshake:
                        EndSession("the device sent a new handshake");
                        Answer(content, timestamp);
                        break;
                    case SerialFrameStatus.Frame:
                        Deliver(type, content, timestamp);
                        break;
                    case SerialFrameStatus.Dropped:
                        DroppedFrames++;
                        _logger.SerialFrameDropped(Description);
                        break;
                    case SerialFrameStatus.Failed:
                        _logger.SerialLinkFailed(Description, "a frame header with reserved bits or an impossible length");
                        EndSession("impossible frame");
                        break;
                }

                if (status == SerialFrameStatus.NeedMore)
                {
                    break;
                }
            }
        }
        finally
        {
            SendBatch.Close();
        }
    }

    public void OnTick(long timestamp)
    {
        if (_connection is { CloseRequested: true })
        {
            // The router ended the session (ABORT): let what it queued go out before the next session can start.
            _output.WaitDrained(TimeSpan.FromSeconds(1));
            EndSession("closed by the router");
            _reader.AwaitHandshake();
            return;
        }

        if (_options.Framing == SerialFraming.RawSocket && _reader.IsMidFrame && timestamp - _lastByte > _frameGapTimeout)
        {
            _logger.SerialLinkFailed(Description, "a frame stopped arriving part way (the device reset?)");
            EndSession("frame interrupted");
            _reader.AwaitHandshake();
            return;
        }

        if (_peer is null || _pingInterval == 0)
        {
            return;
        }

        if (_pingSentAt != 0)
        {
            if (timestamp - _pingSentAt > _pingTimeout)
            {
                _logger.SerialLinkFailed(Description, "no answer to PING: the device is silent");
                EndSession("silent");
                _reader.AwaitHandshake();
            }
        }
        else if (timestamp - _lastReceived > _pingInterval)
        {
            Span<byte> payload = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(payload, ++_pingCounter);
            _output.TryWriteFrame(_options.Framing, RawSocketFrameType.Ping, payload);
            _pingSentAt = timestamp;
        }
    }

    public void OnClosed()
    {
        EndSession("the device went away");
        _reader.AwaitHandshake();
    }

    /// <summary>Answers a handshake: accepts it and opens a session, or refuses it with the spec's error code.</summary>
    private void Answer(ReadOnlySpan<byte> handshake, long timestamp)
    {
        Span<byte> reply = stackalloc byte[RawSocketHandshake.Length];
        HandshakeStatus status = RawSocketHandshake.TryParse(handshake, out WampSerializer serializer, out int peerMax);
        if (status != HandshakeStatus.Ok || !_options.Serializers.Contains(serializer))
        {
            HandshakeError error = status == HandshakeStatus.Ok ? HandshakeError.SerializerUnsupported : HandshakeError.ReservedBitsUsed;
            _logger.HandshakeError(Description, error);
            RawSocketHandshake.WriteError(reply, error);
            _output.TryWrite(_options.Framing, reply, default);
            _reader.AwaitHandshake();
            return;
        }

        // Whatever was queued for the previous session is stale for the device that just started.
        _output.Discard();
        RawSocketHandshake.WriteAccept(reply, _options.AdvertisedMaxMessageSize, serializer);
        _output.TryWrite(_options.Framing, reply, default);
        _connection = new SerialLinkConnection(this, serializer, peerMax, Description);
        _lastReceived = timestamp;
        _pingSentAt = 0;
        SessionCount++;
        _logger.ConnectionOpened(Description, serializer.ToString());
        _peer = _peers.Open(_connection);
    }

    private void Deliver(RawSocketFrameType type, ReadOnlySpan<byte> payload, long timestamp)
    {
        if (_peer is null)
        {
            DroppedFrames++;
            return;
        }

        _lastReceived = timestamp;
        _pingSentAt = 0;
        switch (type)
        {
            case RawSocketFrameType.Regular:
                _peer.Receive(payload);
                break;
            case RawSocketFrameType.Ping:
                // The spec: a PONG echoes the PING's payload.
                _output.TryWriteFrame(_options.Framing, RawSocketFrameType.Pong, payload);
                break;
        }
    }

    private void EndSession(string reason)
    {
        if (_peer is null)
        {
            return;
        }

        IWampPeer peer = _peer;
        _connection!.MarkClosed();
        _peer = null;
        _connection = null;
        _pingSentAt = 0;
        _logger.SerialSessionEnded(Description, reason);
        peer.OnDisconnected();
    }

    private ISerialFrameReader CreateReader() => _options.Framing == SerialFraming.Cobs
        ? new CobsPacketReader(_options.AdvertisedMaxMessageSize)
        : new RawSocketStreamReader(_options.AdvertisedMaxMessageSize);

    private static long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
