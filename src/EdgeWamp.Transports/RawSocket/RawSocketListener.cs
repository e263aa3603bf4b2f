using EdgeWamp.Protocol.Streams;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Transports.Http;
using EdgeWamp.Transports.Streams;
using EdgeWamp.Transports.Tls;
using EdgeWamp.Transports.WebSocket;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.RawSocket;

/// <summary>
/// Accepts connections on a TCP or Unix domain socket and runs each until it ends: RawSocket, and on a listener with
/// WebSocket options also HTTP (a RawSocket handshake starts with 0x7F, an HTTP request with a letter), each
/// optionally inside TLS.
/// </summary>
public sealed class RawSocketListener : IAsyncDisposable
{
    // RFC 8446, section 5.1: ContentType handshake(22), the first octet of every TLS connection.
    private const byte TlsHandshakeRecordType = 22;

    private readonly RawSocketListenerOptions _options;
    private readonly IWampPeerFactory _peers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConnectionLimit _connectionLimit;
    private readonly TlsAuthenticator? _tls;
    private readonly LongPoll.LongPollTransports? _longPoll;

    // The RawSocket connections among them, for the outbox accounting (QueuedBytes).
    private readonly ConcurrentDictionary<RawSocketConnection, byte> _rawSocketConnections = new();
    private Socket? _socket;
    private Task? _accepting;
    private string? _boundSocketPath;
    private bool _disposed;
    private Task? _sweeping;

    public RawSocketListener(RawSocketListenerOptions options, IWampPeerFactory peers, ILogger logger)
    {
        _options = options;
        _peers = peers;
        _logger = logger;
        _connectionLimit = options.ConnectionLimit ?? new ConnectionLimit(options.MaxConnections);
        _tls = options.Tls is null ? null : new TlsAuthenticator(options.Tls);
        _longPoll = options.WebSocket?.LongPollPath is null ? null : new LongPoll.LongPollTransports(options.WebSocket.LongPollIdleTimeout);
    }

    /// <summary>The bound address: with port 0, the port the system chose.</summary>
    public EndPoint? LocalEndPoint => _socket?.LocalEndPoint;

    public int ConnectionCount => _connections.Count;

    /// <summary>Bytes queued for sending over all RawSocket connections: at most their count × MaxOutboxBytes (docs/limits.md).</summary>
    public long QueuedBytes
    {
        get
        {
            long total = 0;
            foreach (RawSocketConnection connection in _rawSocketConnections.Keys)
            {
                total += connection.QueuedBytes;
            }

            return total;
        }
    }

    /// <summary>Whether the accept loop is running: started, and neither stopped nor ended by a fault.</summary>
    public bool IsAccepting => _accepting is { IsCompleted: false } && !_stopping.IsCancellationRequested;

    /// <summary>Binds and listens, then accepts in the background. Throws when the address cannot be bound.</summary>
    public void Start()
    {
        // An inherited socket's file belongs to whoever created it (systemd's socket unit): never delete it.
        _socket = _options.ListeningSocket ?? Bind(_options);
        _boundSocketPath = _options.ListeningSocket is null ? (_options.EndPoint as UnixDomainSocketEndPoint)?.ToString() : null;
        _logger.Listening(Describe(_socket.LocalEndPoint!), string.Join(", ", _options.Serializers), _options.AdvertisedMaxMessageSize);
        if (_options.Tls is { } tls)
        {
            _logger.ListeningTls(Describe(_socket.LocalEndPoint!), tls.Certificate.Subject, tls.ClientCertificates.ToString());
        }

        if (_options.WebSocket is { } webSocket)
        {
            string url = $"{(_options.Tls is null ? "ws" : "wss")}://{_socket.LocalEndPoint}{webSocket.Path}";
            string protocols = string.Join(", ", WebSocketSubprotocol.All.Where(p => _options.Serializers.Contains(p.Serializer)).Select(p => p.Name));
            _logger.ListeningWebSocket(url, protocols, _options.MaxMessageSize);
        }

        _accepting = AcceptLoopAsync(_socket);
        _sweeping = _options.PingInterval > TimeSpan.Zero ? SweepLivenessAsync() : Task.CompletedTask;
    }

    /// <summary>
    /// One timer for the liveness of every RawSocket connection of this listener (<see cref="RawSocketConnection.CheckLiveness"/>),
    /// a few times per ping interval, so a silent peer is caught within interval + timeout (plus a fraction). The PINGs
    /// it writes go out together at the end of each sweep.
    /// </summary>
    private async Task SweepLivenessAsync()
    {
        TimeSpan period = TimeSpan.FromMilliseconds(Math.Max(10, Math.Min(_options.PingInterval.TotalMilliseconds, _options.PingTimeout.TotalMilliseconds) / 4));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                SendBatch.Open();
                try
                {
                    foreach (RawSocketConnection connection in _rawSocketConnections.Keys)
                    {
                        connection.CheckLiveness(now);
                    }
                }
                finally
                {
                    SendBatch.Close();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The listener stopped.
        }
    }

    /// <summary>Stops accepting, closes every connection (sending what is queued), and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(false);
        }

        if (_sweeping is not null)
        {
            await _sweeping.ConfigureAwait(false);
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        if (_longPoll is not null)
        {
            await _longPoll.DisposeAsync().ConfigureAwait(false);
        }

        // Only the socket file this listener created: never one another process is serving.
        if (_boundSocketPath is not null)
        {
            File.Delete(_boundSocketPath);
        }

        _stopping.Dispose();
    }

    private static Socket Bind(RawSocketListenerOptions options)
    {
        if (options.EndPoint is UnixDomainSocketEndPoint unix)
        {
            string path = unix.ToString();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            RemoveStaleSocketFile(unix, path);
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(unix);
            if (options.UnixFileMode is { } mode && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, mode);
            }

            if (options.UnixGroup is { } group && !OperatingSystem.IsWindows())
            {
                try
                {
                    UnixSocketGroup.Apply(path, group);
                }
                catch (IOException)
                {
                    socket.Dispose();
                    File.Delete(path);
                    throw;
                }
            }

            socket.Listen(512);
            return socket;
        }

        // No SO_REUSEADDR: on Linux .NET also sets SO_REUSEPORT with it, which would let a second router share the port.
        var tcp = new Socket(options.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(options.EndPoint);
        tcp.Listen(512);
        return tcp;
    }

    /// <summary>
    /// A socket file left by a previous run blocks bind. It is removed only if it is a socket nobody answers on:
    /// a live listener (another router) or a regular file is an error, not something to delete.
    /// </summary>
    private static void RemoveStaleSocketFile(UnixDomainSocketEndPoint endPoint, string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
        {
            return;
        }

        if ((info.Attributes & FileAttributes.Directory) != 0 || !IsSocketFile(path))
        {
            throw new SocketException((int)SocketError.AddressAlreadyInUse);
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(endPoint);
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }

        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    /// <summary>.NET does not expose the file type; a socket file always reports size 0, a file with content is never one.</summary>
    private static bool IsSocketFile(string path) => new FileInfo(path).Length == 0;

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (_stopping.IsCancellationRequested && exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException exception)
            {
                // E.g. out of file descriptors: keep serving the connections we have, try again shortly.
                _logger.AcceptFailed(listener.LocalEndPoint!, exception);
                try
                {
                    await Task.Delay(100, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (socket.AddressFamily != AddressFamily.Unix)
            {
                socket.NoDelay = true;
            }

            // Registered before it runs, so a connection that ends at once cannot be removed before it was added.
            _connections[socket] = Task.CompletedTask;
            _connections.TryUpdate(socket, RunConnectionAsync(socket), Task.CompletedTask);
        }
    }

    /// <summary>
    /// One accepted socket:
    /// 1. the TLS handshake, on a TLS listener (bounded by the handshake timeout);
    /// 2. on a listener that serves WebSocket, the first octet decides: 0x7F is RawSocket, anything else HTTP;
    /// 3. the connection runs until it ends; then the socket is closed and forgotten.
    /// </summary>
    private async Task RunConnectionAsync(Socket socket)
    {
        // Yield first so the accept loop never runs a connection's handshake inline.
        await Task.Yield();
        string description = DescribePeer(socket);

        // A place in the connection limit (shared by all listeners) is taken in the RawSocket handshake or the
        // WebSocket upgrade, only once it is otherwise acceptable, and given back when the connection ends.
        bool counted = false;
        Func<bool> acceptMore = () => counted = _connectionLimit.TryAcquire();
        var network = new NetworkStream(socket, ownsSocket: true);
        SslStream? tls = null;
        try
        {
            if (_tls is not null)
            {
                byte[] record = new byte[1];
                if (!await ReadFirstOctetAsync(network, record, description).ConfigureAwait(false))
                {
                    return;
                }

                // Every TLS connection starts with a handshake record (RFC 8446, section 5.1: content type 22); a
                // plain RawSocket or HTTP client is told off at once instead of after the handshake timeout.
                if (record[0] != TlsHandshakeRecordType)
                {
                    _logger.TlsHandshakeFailed(description, $"the client did not start TLS (first octet 0x{record[0]:X2}); this listener requires TLS");
                    return;
                }

                var handshake = new HandshakeOffloadStream(new ReplayStream(network, record, 0, 1));
                tls = await AuthenticateAsync(handshake, description).ConfigureAwait(false);
                if (tls is null)
                {
                    return;
                }

                handshake.Offloading = false;
            }

            Stream stream = tls ?? (Stream)network;
            TransportInfo info = DescribeTransport(socket, tls);
            if (_options.WebSocket is null)
            {
                await RunRawSocketAsync(new TransportStream(socket, network, tls, stream), description, info, acceptMore).ConfigureAwait(false);
                return;
            }

            byte[] first = new byte[1];
            if (!await ReadFirstOctetAsync(stream, first, description).ConfigureAwait(false))
            {
                return;
            }

            var transport = new TransportStream(socket, network, tls, new ReplayStream(stream, first, 0, 1));
            if (first[0] == RawSocketHandshake.Magic)
            {
                await RunRawSocketAsync(transport, description, info, acceptMore).ConfigureAwait(false);
                return;
            }

            var http = new HttpConnection(transport, _options, description, info, _logger, _longPoll);
            await http.RunAsync(_peers, acceptMore, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (TransportStream.IsDisconnect(exception))
        {
            _logger.ConnectionReset(description, exception);
        }
        catch (Exception exception)
        {
            // A bug in one connection must not take the listener down.
            _logger.ConnectionError(description, exception);
        }
        finally
        {
            if (counted)
            {
                _connectionLimit.Release();
            }

            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }

            await network.DisposeAsync().ConfigureAwait(false);
            _connections.TryRemove(socket, out _);
        }
    }

    private async Task RunRawSocketAsync(TransportStream transport, string description, TransportInfo info, Func<bool> acceptMore)
    {
        using var connection = new RawSocketConnection(transport, _options, description, info, _logger);
        _rawSocketConnections[connection] = 0;
        try
        {
            await connection.RunAsync(_peers, acceptMore, _stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _rawSocketConnections.TryRemove(connection, out _);
        }
    }

    private async Task<SslStream?> AuthenticateAsync(Stream network, string description)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.HandshakeTimeout);
        try
        {
            return await _tls!.AuthenticateAsync(network, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            _logger.TlsHandshakeFailed(description, "no TLS handshake within the timeout");
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException or SocketException or OperationCanceledException)
        {
            _logger.TlsHandshakeFailed(description, exception.InnerException?.Message ?? exception.Message);
        }

        return null;
    }

    /// <summary>Reads the octet that tells RawSocket from HTTP, within the handshake timeout.</summary>
    private async Task<bool> ReadFirstOctetAsync(Stream stream, byte[] first, string description)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.HandshakeTimeout);
        try
        {
            if (await stream.ReadAsync(first, timeout.Token).ConfigureAwait(false) == 1)
            {
                return true;
            }

            _logger.HandshakeRefused(description, "closed before sending anything");
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            _logger.HandshakeRefused(description, "no handshake within the timeout");
        }

        return false;
    }

    private string DescribePeer(Socket socket) => socket.AddressFamily == AddressFamily.Unix
        ? $"unix {_options.EndPoint}"
        : $"{(_tls is null ? "tcp" : "tls")} {socket.RemoteEndPoint}";

    private static TransportInfo DescribeTransport(Socket socket, SslStream? tls) => socket.AddressFamily == AddressFamily.Unix
        ? new TransportInfo { Kind = TransportKind.Unix, IsEncrypted = tls is not null }
        : new TransportInfo
        {
            Kind = TransportKind.Tcp,
            RemoteAddress = (socket.RemoteEndPoint as IPEndPoint)?.Address,
            IsEncrypted = tls is not null,
            ClientCertificate = tls?.RemoteCertificate as System.Security.Cryptography.X509Certificates.X509Certificate2,
            TlsUnique = tls is null ? ReadOnlyMemory<byte>.Empty : TlsChannelBinding.ReadUnique(tls),
        };

    private static string Describe(EndPoint endPoint) => endPoint is UnixDomainSocketEndPoint ? $"unix:{endPoint}" : $"tcp://{endPoint}";
}
