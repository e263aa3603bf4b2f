namespace EdgeWamp.Protocol.Streams;

/// <summary>
/// A stream that first returns octets already read from its inner stream (the router's sniffed first octet, what an
/// HTTP request carried after its header, what arrived after a server's WebSocket response head), then reads on from
/// the inner stream. Writes go straight through. A zero-byte read completes at once while octets wait to be replayed.
/// </summary>
public sealed class ReplayStream : PassThroughStream
{
    private readonly byte[] _replay;
    private int _replayStart;
    private readonly int _replayEnd;

    public ReplayStream(Stream inner, byte[] replay, int start, int end)
        : base(inner)
    {
        _replay = replay;
        _replayStart = start;
        _replayEnd = end;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _replayStart < _replayEnd ? new ValueTask<int>(Replay(buffer.Span)) : Inner.ReadAsync(buffer, cancellationToken);

    public override int Read(Span<byte> buffer) => _replayStart < _replayEnd ? Replay(buffer) : Inner.Read(buffer);

    // Disposing cuts the connection: a WebSocket that aborts (e.g. its keepalive timed out) disposes its stream to
    // end a pending read. The connection's TransportStream disposes the same inner streams again at the end, harmlessly.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Replay(Span<byte> buffer)
    {
        int count = Math.Min(buffer.Length, _replayEnd - _replayStart);
        _replay.AsSpan(_replayStart, count).CopyTo(buffer);
        _replayStart += count;
        return count;
    }
}
