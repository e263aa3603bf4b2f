using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Transports.Serial;

/// <summary>
/// One WAMP session's view of a serial link, from its handshake to its end (a new handshake, a failed frame,
/// silence, the device going away, or the router closing it). A device that resets gets a new one.
/// </summary>
internal sealed class SerialLinkConnection : IWampConnection
{
    private readonly WampSerialLink _link;
    private readonly int _peerMaxMessageSize;
    private volatile bool _closed;

    public SerialLinkConnection(WampSerialLink link, WampSerializer serializer, int peerMaxMessageSize, string description)
    {
        _link = link;
        Serializer = serializer;
        _peerMaxMessageSize = peerMaxMessageSize;
        Description = description;
    }

    public WampSerializer Serializer { get; }

    public string Description { get; }

    /// <summary>A serial peer, never an in-process one (the default), so it can never use the trusted method.</summary>
    public TransportInfo Transport { get; } = new() { Kind = TransportKind.Serial };

    /// <summary>The router closed the session (ABORT, shutdown): the link ends it at its next tick.</summary>
    public bool CloseRequested { get; private set; }

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        if (_closed || CloseRequested)
        {
            return WriteResult.Closed;
        }

        return message.Length > _peerMaxMessageSize ? WriteResult.TooLarge : _link.Write(RawSocketFrameType.Regular, message);
    }

    /// <summary>What is queued is sent; then the link ends the session (never from inside this call: the router may hold a lock).</summary>
    public void Close() => CloseRequested = true;

    /// <summary>The session has ended: nothing more is sent for it.</summary>
    public void MarkClosed() => _closed = true;
}
