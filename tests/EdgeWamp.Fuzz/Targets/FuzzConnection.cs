using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Fuzz.Targets;

/// <summary>An in-memory transport connection: keeps what the router sends (all of it, or only the last message).</summary>
internal sealed class FuzzConnection : IWampConnection
{
    private readonly bool _keepAll;
    private byte[] _last = [];

    public FuzzConnection(WampSerializer serializer, string description, bool keepAll)
    {
        Serializer = serializer;
        Description = description;
        _keepAll = keepAll;
    }

    public WampSerializer Serializer { get; }

    public string Description { get; }

    public bool IsClosed { get; private set; }

    public int Written { get; private set; }

    public ReadOnlySpan<byte> Last => _last;

    public List<byte[]> Received { get; } = [];

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        if (IsClosed)
        {
            return WriteResult.Closed;
        }

        Written++;
        _last = message.ToArray();
        if (_keepAll)
        {
            Received.Add(_last);
        }

        return WriteResult.Written;
    }

    public void Close() => IsClosed = true;
}
