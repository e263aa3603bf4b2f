using System.Threading.Channels;
using EdgeWamp.Client.Transports;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// Puts an <see cref="EdgeWamp.Client.WampClientSession"/> inside this process's router: to the router it is a
/// connection like a socket (so it is authenticated, authorized and routed like any peer: no second routing path), to
/// the client it is a transport. Messages are CBOR and are handed over without framing.
/// </summary>
/// <remarks>
/// The router may write while holding a realm lock, so <see cref="TryWrite"/> only copies into a bounded inbox; when the
/// inbox is full the router is told so and drops the EVENT for this session, as for a slow socket.
/// </remarks>
internal sealed class LocalClientTransport : IClientTransport, IWampConnection
{
    // Events a burst may queue before the router drops them for this session.
    private const int InboxCapacity = 4096;

    private readonly Channel<byte[]> _inbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(InboxCapacity) { SingleReader = true });
    private readonly Lock _sendLock = new();
    private readonly WampSession _peer;
    private bool _disconnected;

    public LocalClientTransport(WampRouter router, AuthMethods authMethods, string description)
    {
        Description = description;
        _peer = router.OpenSession(this, authMethods);
    }

    public WampSerializer Serializer => WampSerializer.Cbor;

    public string Description { get; }

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        lock (_sendLock)
        {
            if (!_disconnected)
            {
                // What the router writes for it goes out on this thread once it is routed (SendBatch).
                SendBatch.Open();
                try
                {
                    _peer.Receive(message.Span);
                }
                finally
                {
                    SendBatch.Close();
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _inbox.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
    }

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        if (_inbox.Reader.Completion.IsCompleted)
        {
            return WriteResult.Closed;
        }

        return _inbox.Writer.TryWrite(message.ToArray()) ? WriteResult.Written : WriteResult.Full;
    }

    /// <summary>The router closes the session (ABORT, GOODBYE answered, shutdown): the client sees the end of the stream.</summary>
    public void Close() => _inbox.Writer.TryComplete();

    public ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        lock (_sendLock)
        {
            if (!_disconnected)
            {
                _disconnected = true;
                _peer.OnDisconnected();
            }
        }

        return ValueTask.CompletedTask;
    }
}
