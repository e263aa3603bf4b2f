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
            await TcpStreamConnector.ConnectSocketAsync(socket, new UnixDomainSocketEndPoint(url["unix:".Length..]), url, cancellationToken).ConfigureAwait(false);
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
                // RawSocket has no registered port: 8080 is assumed, as in crossbar's examples.
                Stream stream = await TcpStreamConnector.ConnectAsync(uri, 8080, tls: uri.Scheme == "rss", validateCertificate: null, cancellationToken).ConfigureAwait(false);
                return await RawSocketClientTransport.ConnectAsync(stream, serializer, maxMessageLength, cancellationToken).ConfigureAwait(false);
            default:
                throw new WampConnectionException($"'{url}': unsupported scheme '{uri.Scheme}' (expected rs, rss, ws, wss or unix:)");
        }
    }
}
