namespace EdgeWamp.Transports.Tls;

/// <summary>
/// The network stream under a TLS handshake. Socket completions run inline on .NET's epoll threads
/// (SocketCompletions), and SslStream does the handshake's key exchange and signature in the continuation of a read:
/// milliseconds of CPU on a small board, during which every other socket of that epoll thread would wait. While
/// <see cref="Offloading"/>, each read's continuation moves to the thread pool; after the handshake the stream passes
/// reads straight through.
/// </summary>
internal sealed class HandshakeOffloadStream(Stream inner) : Stream
{
    /// <summary>Whether reads finish on the thread pool; cleared once the handshake is done.</summary>
    public bool Offloading { get; set; } = true;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Offloading ? ReadOnThreadPoolAsync(buffer, cancellationToken) : inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async ValueTask<int> ReadOnThreadPoolAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);

        // Whoever completed the read (an epoll thread) goes back to its sockets; the handshake goes on on the pool.
        await Task.Yield();
        return read;
    }
}
