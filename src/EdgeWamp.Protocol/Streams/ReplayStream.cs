namespace EdgeWamp.Protocol.Streams;

/// <summary>
/// A stream that first returns octets already read from its inner stream (the router's sniffed first octet, what an
/// HTTP request carried after its header, what arrived after a server's WebSocket response head), then reads on from
/// the inner stream. Writes go straight through. A zero-byte read completes at once while octets wait to be replayed.
/// </summary>
public sealed class ReplayStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _replay;
    private int _replayStart;
    private readonly int _replayEnd;

    public ReplayStream(Stream inner, byte[] replay, int start, int end)
    {
        _inner = inner;
        _replay = replay;
        _replayStart = start;
        _replayEnd = end;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_replayStart < _replayEnd)
        {
            return new ValueTask<int>(Replay(buffer.Span));
        }

        return _inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => _replayStart < _replayEnd ? Replay(buffer) : _inner.Read(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // Disposing cuts the connection: a WebSocket that aborts (e.g. its keepalive timed out) disposes its stream to
    // end a pending read. The connection's TransportStream disposes the same inner streams again at the end, harmlessly.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
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
