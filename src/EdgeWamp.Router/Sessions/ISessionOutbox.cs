using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Router.Sessions;

/// <summary>
/// The router's view of a connection: where a session's outgoing messages go. Implemented by each transport.
/// </summary>
public interface ISessionOutbox
{
    WampSerializer Serializer { get; }

    /// <summary>
    /// Queues one encoded message (the transport adds its framing). Never blocks and never calls back into the router:
    /// the router holds its realm lock while writing.
    /// </summary>
    OutboxWriteResult TryWrite(ReadOnlySpan<byte> message);

    /// <summary>Sends what is queued, then closes the connection. The transport reports the end through <see cref="WampSession.OnDisconnected"/>.</summary>
    void Close();
}
