using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace EdgeWamp.Client.Transports;

/// <summary>Opens the byte stream under a TCP-based transport: a TCP connection, with TLS on top for rss:// and wss://.</summary>
internal static class TcpStreamConnector
{
    /// <summary>
    /// Connects to the host and port of <paramref name="uri"/> (<paramref name="defaultPort"/> when the URL names
    /// none) and, when <paramref name="tls"/> is set, authenticates the server as <paramref name="uri"/>'s host.
    /// </summary>
    /// <param name="validateCertificate">Null for the system's validation (the platform's trusted roots and the host name).</param>
    /// <exception cref="WampConnectionException">The connection or the TLS handshake failed.</exception>
    public static async Task<Stream> ConnectAsync(Uri uri, int defaultPort, bool tls, RemoteCertificateValidationCallback? validateCertificate, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await ConnectSocketAsync(socket, EndPoint(uri, defaultPort), uri.OriginalString, cancellationToken).ConfigureAwait(false);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (!tls)
        {
            return stream;
        }

        var secured = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            var options = new SslClientAuthenticationOptions { TargetHost = uri.IdnHost, RemoteCertificateValidationCallback = validateCertificate };
            await secured.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return secured;
        }
        catch (Exception exception) when (exception is IOException or AuthenticationException)
        {
            await secured.DisposeAsync().ConfigureAwait(false);
            throw new WampConnectionException($"TLS with {uri.Host} failed: {exception.Message}", exception);
        }
        catch
        {
            await secured.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <exception cref="WampConnectionException">The connection failed; the socket is disposed.</exception>
    public static async Task ConnectSocketAsync(Socket socket, EndPoint endPoint, string url, CancellationToken cancellationToken)
    {
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw new WampConnectionException($"cannot connect to {url}: {exception.Message}", exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static EndPoint EndPoint(Uri uri, int defaultPort)
    {
        int port = uri.Port > 0 ? uri.Port : defaultPort;
        return IPAddress.TryParse(uri.IdnHost, out IPAddress? address)
            ? new IPEndPoint(address, port)
            : new DnsEndPoint(uri.IdnHost, port);
    }
}
