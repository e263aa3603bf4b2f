using System.Net.Security;
using System.Net.Sockets;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Client.Transports;

/// <summary>
/// Opens a transport from a URL: <c>rs://host:port</c> (RawSocket over TCP), <c>rss://host:port</c> (over TLS),
/// <c>unix:/path</c> (over a Unix socket), <c>ws://</c> and <c>wss://</c> (WebSocket).
/// </summary>
public static class ClientTransportFactory
{
    /// <summary>16 MiB, RawSocket's largest: what this client accepts unless told less.</summary>
    public const int DefaultMaxMessageLength = 1 << 24;

    public static bool IsSupported(string url) =>
        url.StartsWith("unix:", StringComparison.Ordinal)
        || (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.Scheme is "rs" or "rss" or "ws" or "wss");

    /// <exception cref="WampConnectionException">The URL is not supported, or the connection failed.</exception>
    public static async Task<IClientTransport> ConnectAsync(string url, WampSerializer serializer, CancellationToken cancellationToken, int maxMessageLength = DefaultMaxMessageLength)
    {
        if (url.StartsWith("unix:", StringComparison.Ordinal))
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await ConnectSocketAsync(socket, new UnixDomainSocketEndPoint(url["unix:".Length..]), url, cancellationToken).ConfigureAwait(false);
            return await RawSocketClientTransport.ConnectAsync(new NetworkStream(socket, ownsSocket: true), serializer, maxMessageLength, cancellationToken).ConfigureAwait(false);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw new WampConnectionException($"'{url}' is not a URL");
        }

        switch (uri.Scheme)
        {
            case "ws":
            case "wss":
                return await WebSocketClientTransport.ConnectAsync(uri, serializer, maxMessageLength, cancellationToken).ConfigureAwait(false);
            case "rs":
            case "rss":
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await ConnectSocketAsync(socket, TcpEndPoint(uri), url, cancellationToken).ConfigureAwait(false);
                Stream stream = new NetworkStream(socket, ownsSocket: true);
                if (uri.Scheme == "rss")
                {
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    try
                    {
                        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = uri.Host }, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException)
                    {
                        await tls.DisposeAsync().ConfigureAwait(false);
                        throw new WampConnectionException($"TLS with {uri.Host} failed: {exception.Message}", exception);
                    }

                    stream = tls;
                }

                return await RawSocketClientTransport.ConnectAsync(stream, serializer, maxMessageLength, cancellationToken).ConfigureAwait(false);
            default:
                throw new WampConnectionException($"'{url}': unsupported scheme '{uri.Scheme}' (expected rs, rss, ws, wss or unix:)");
        }
    }

    private static async Task ConnectSocketAsync(Socket socket, System.Net.EndPoint endPoint, string url, CancellationToken cancellationToken)
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

    /// <summary>The host and port of a rs:// or rss:// URL; RawSocket has no registered port, so 8080 is assumed as in crossbar's examples.</summary>
    private static System.Net.EndPoint TcpEndPoint(Uri uri)
    {
        int port = uri.Port > 0 ? uri.Port : 8080;
        return System.Net.IPAddress.TryParse(uri.Host, out System.Net.IPAddress? address)
            ? new System.Net.IPEndPoint(address, port)
            : new System.Net.DnsEndPoint(uri.Host, port);
    }
}
