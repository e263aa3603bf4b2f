using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeWamp.Protocol.Connections;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.RawSocket;

/// <summary>Accepts RawSocket connections on a TCP or Unix domain socket and runs each until it ends.</summary>
public sealed class RawSocketListener : IAsyncDisposable
{
    private readonly RawSocketListenerOptions _options;
    private readonly IWampPeerFactory _peers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<RawSocketConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConnectionLimit _connectionLimit;
    private Socket? _socket;
    private Task? _accepting;
    private string? _boundSocketPath;
    private bool _disposed;

    public RawSocketListener(RawSocketListenerOptions options, IWampPeerFactory peers, ILogger logger)
    {
        _options = options;
        _peers = peers;
        _logger = logger;
        _connectionLimit = options.ConnectionLimit ?? new ConnectionLimit(options.MaxConnections);
    }

    /// <summary>The bound address: with port 0, the port the system chose.</summary>
    public EndPoint? LocalEndPoint => _socket?.LocalEndPoint;

    public int ConnectionCount => _connections.Count;

    /// <summary>Bytes queued for sending over all connections: at most ConnectionCount × MaxOutboxBytes (docs/limits.md).</summary>
    public long QueuedBytes
    {
        get
        {
            long total = 0;
            foreach (RawSocketConnection connection in _connections.Keys)
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
        _accepting = AcceptLoopAsync(_socket);
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

        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
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

            var connection = new RawSocketConnection(socket, _options, DescribePeer(socket), DescribeTransport(socket), _logger);

            // Registered before it runs, so a connection that ends at once cannot be removed before it was added.
            _connections[connection] = Task.CompletedTask;
            _connections.TryUpdate(connection, RunConnectionAsync(connection), Task.CompletedTask);
        }
    }

    private async Task RunConnectionAsync(RawSocketConnection connection)
    {
        // Yield first so the accept loop never runs a connection's handshake inline.
        await Task.Yield();

        // A place in the connection limit is taken in the handshake (only once the handshake is otherwise acceptable)
        // and given back when the connection ends.
        bool counted = false;
        try
        {
            await connection.RunAsync(_peers, () => counted = _connectionLimit.TryAcquire(), _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A bug in one connection must not take the listener down.
            _logger.ConnectionError(connection.Description, exception);
        }
        finally
        {
            if (counted)
            {
                _connectionLimit.Release();
            }

            _connections.TryRemove(connection, out _);
            connection.Dispose();
        }
    }

    private string DescribePeer(Socket socket) => socket.AddressFamily == AddressFamily.Unix
        ? $"unix {_options.EndPoint}"
        : $"tcp {socket.RemoteEndPoint}";

    private static TransportInfo DescribeTransport(Socket socket) => socket.AddressFamily == AddressFamily.Unix
        ? new TransportInfo { Kind = TransportKind.Unix }
        : new TransportInfo { Kind = TransportKind.Tcp, RemoteAddress = (socket.RemoteEndPoint as IPEndPoint)?.Address };

    private static string Describe(EndPoint endPoint) => endPoint is UnixDomainSocketEndPoint ? $"unix:{endPoint}" : $"tcp://{endPoint}";
}
