using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Client.Transports;

/// <summary>
/// One connection to a router, message by message: the framing (RawSocket, WebSocket, in-process) is the transport's
/// business; the session only sees whole encoded WAMP messages.
/// </summary>
public interface IClientTransport : IAsyncDisposable
{
    WampSerializer Serializer { get; }

    /// <summary>Sends one whole encoded message. Callers send one message at a time.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>
    /// Receives the next whole message; the memory stays valid only until the next call (it is the transport's own
    /// buffer). Empty when the connection has ended.
    /// </summary>
    ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken);
}
