using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Benchmarks;

/// <summary>A connection that copies each message into a fixed buffer and counts it: the router's cost, without a socket.</summary>
internal sealed class InMemoryConnection : IWampConnection
{
    private readonly byte[] _last = new byte[64 * 1024];
    private int _lastLength;
    private long _messages;

    public InMemoryConnection(WampSerializer serializer)
    {
        Serializer = serializer;
    }

    public WampSerializer Serializer { get; }

    public string Description => "in-memory";

    public long Messages => Interlocked.Read(ref _messages);

    public ReadOnlySpan<byte> LastMessage => _last.AsSpan(0, _lastLength);

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        message.CopyTo(_last);
        _lastLength = message.Length;
        Interlocked.Increment(ref _messages);
        return WriteResult.Written;
    }

    public void Close()
    {
    }
}
