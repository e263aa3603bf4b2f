using EdgeWamp.Protocol.Streams;

namespace EdgeWamp.Transports.Tls;

/// <summary>
/// The network stream under a TLS handshake. Socket completions run inline on .NET's epoll threads
/// (SocketCompletions), and SslStream does the handshake's key exchange and signature in the continuation of a read:
/// milliseconds of CPU on a small board, during which every other socket of that epoll thread would wait. While
/// <see cref="Offloading"/>, each read's continuation moves to the thread pool; after the handshake the stream passes
/// reads straight through.
/// </summary>
internal sealed class HandshakeOffloadStream(Stream inner) : PassThroughStream(inner)
{
    /// <summary>Whether reads finish on the thread pool; cleared once the handshake is done.</summary>
    public bool Offloading { get; set; } = true;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Offloading ? ReadOnThreadPoolAsync(buffer, cancellationToken) : Inner.ReadAsync(buffer, cancellationToken);

    private async ValueTask<int> ReadOnThreadPoolAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);

        // Whoever completed the read (an epoll thread) goes back to its sockets; the handshake goes on on the pool.
        await Task.Yield();
        return read;
    }
}
