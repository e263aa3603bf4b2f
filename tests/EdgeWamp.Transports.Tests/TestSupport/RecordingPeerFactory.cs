using System.Threading.Channels;
using EdgeWamp.Protocol.Connections;

namespace EdgeWamp.Transports.Tests.TestSupport;

/// <summary>Opens a <see cref="RecordingPeer"/> per connection and hands each to the test in order.</summary>
internal sealed class RecordingPeerFactory : IWampPeerFactory
{
    private readonly Channel<RecordingPeer> _opened = Channel.CreateUnbounded<RecordingPeer>();

    /// <summary>Runs inside <see cref="IWampPeer.Receive"/> of every peer opened afterwards, e.g. to answer or close.</summary>
    public Action<RecordingPeer, byte[]>? OnReceive { get; set; }

    public IWampPeer Open(IWampConnection connection)
    {
        var peer = new RecordingPeer(connection, OnReceive);
        _opened.Writer.TryWrite(peer);
        return peer;
    }

    public ValueTask<RecordingPeer> NextPeerAsync(CancellationToken cancellationToken) => _opened.Reader.ReadAsync(cancellationToken);

    public bool TryNextPeer(out RecordingPeer peer) => _opened.Reader.TryRead(out peer!);
}
