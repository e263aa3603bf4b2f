using System.Net.Security;
using System.Net.Sockets;

namespace EdgeWamp.Transports.Streams;

/// <summary>
/// An accepted socket's byte stream as a connection uses it: plain, or inside TLS, possibly with octets already read
/// (sniffed) in front. Knows how to half-close and how to cut the connection.
/// </summary>
internal sealed class TransportStream : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly SslStream? _tls;

    public TransportStream(Socket socket, NetworkStream network, SslStream? tls, Stream stream)
    {
        _socket = socket;
        _network = network;
        _tls = tls;
        Stream = stream;
    }

    /// <summary>What the connection reads and writes.</summary>
    public Stream Stream { get; }

    /// <summary>The socket, when bytes may be sent on it directly (no TLS in between); null under TLS.</summary>
    public Socket? PlainSocket => _tls is null ? _socket : null;

    /// <summary>
    /// Half-close: the peer reads all we sent, then sees the end (a TLS close_notify first, so the end is
    /// authenticated), while we may still read what it sends.
    /// </summary>
    public async ValueTask ShutdownSendAsync()
    {
        if (_tls is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _tls.ShutdownAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsDisconnect(exception))
            {
                // The peer is gone; the socket shutdown below is all that is left to do.
            }
        }

        Shutdown(SocketShutdown.Send);
    }

    /// <summary>Stops traffic both ways at once.</summary>
    public void Shutdown(SocketShutdown how = SocketShutdown.Both)
    {
        try
        {
            _socket.Shutdown(how);
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        _tls?.Dispose();
        _network.Dispose();
    }

    internal static bool IsDisconnect(Exception exception) =>
        exception is SocketException or IOException or ObjectDisposedException or OperationCanceledException or TimeoutException;
}
