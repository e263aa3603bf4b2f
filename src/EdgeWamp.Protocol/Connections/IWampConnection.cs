using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Connections;

/// <summary>
/// The sending side of one transport connection, as the router sees it. Implemented by each transport;
/// the router never sees a socket.
/// </summary>
public interface IWampConnection
{
    WampSerializer Serializer { get; }

    /// <summary>A description of the peer for logs, e.g. "tcp 127.0.0.1:50312".</summary>
    string Description { get; }

    /// <summary>What the transport knows about the peer (address, TLS, cookie), for authentication and limits.</summary>
    TransportInfo Transport => TransportInfo.None;

    /// <summary>
    /// Queues one encoded message (the transport adds its framing). Never blocks and never calls back into the
    /// router: the router may hold a lock while writing.
    /// </summary>
    WriteResult TryWrite(ReadOnlySpan<byte> message);

    /// <summary>Sends what is queued, then closes. The transport reports the end through <see cref="IWampPeer.OnDisconnected"/>.</summary>
    void Close();
}
