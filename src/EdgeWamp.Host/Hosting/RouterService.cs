using System.Net.Sockets;
using System.Security.Cryptography;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Systemd;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Transports;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Tls;
using EdgeWamp.Transports.WebSocket;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary>Starts every configured listener on the router, and on shutdown says GOODBYE to every session and closes them.</summary>
internal sealed class RouterService : IHostedPart
{
    private readonly EdgeWampConfig _config;
    private readonly WampRouter _router;
    private readonly ILogger<RouterService> _logger;
    private readonly ILogger _transportLogger;
    private readonly List<RawSocketListener> _listeners = [];
    private readonly InheritedSockets _inherited;
    private readonly SerialLinks _serialLinks;

    // limits.maxSessions counts the connections of every RawSocket listener together.
    private readonly ConnectionLimit _connectionLimit;

    public RouterService(EdgeWampConfig config, WampRouter router, InheritedSockets inherited, ILogger<RouterService> logger, ILoggerFactory loggerFactory)
    {
        _config = config;
        _router = router;
        _inherited = inherited;
        _logger = logger;
        _transportLogger = loggerFactory.CreateLogger("EdgeWamp.Transports");
        _serialLinks = new SerialLinks(config, router, loggerFactory);
        _connectionLimit = new ConnectionLimit(config.Limits.MaxSessions);
    }

    /// <summary>Binds every listener before the host reports started; one that cannot bind stops the router.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (ListenerConfig listener in _config.Listeners)
        {
            if (listener.Serial is not null)
            {
                // Started by _serialLinks below: a serial device may be absent now and plugged in later.
                continue;
            }

            RawSocketListenerOptions options;
            try
            {
                options = CreateOptions(listener);
            }
            catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
            {
                await StopListenersAsync().ConfigureAwait(false);
                throw new ListenerStartException($"cannot load the TLS certificate of {listener.Tcp}: {exception.Message}", exception);
            }

            var rawSocket = new RawSocketListener(options, new ListenerPeerFactory(_router, RouterFactory.ParseAuthMethods(listener.AuthMethods)), _transportLogger);
            try
            {
                rawSocket.Start();
            }
            catch (Exception exception) when (exception is SocketException or IOException or UnauthorizedAccessException)
            {
                await StopListenersAsync().ConfigureAwait(false);
                throw new ListenerStartException($"cannot listen on {listener.Tcp ?? listener.Unix}: {exception.Message}", exception);
            }

            lock (_listeners)
            {
                _listeners.Add(rawSocket);
            }
        }

        await _serialLinks.StartAsync(cancellationToken).ConfigureAwait(false);
        _inherited.CloseUnclaimed();
    }

    /// <summary>The addresses the RawSocket listeners are bound to (with port 0, the port the system chose).</summary>
    internal IReadOnlyList<System.Net.EndPoint?> LocalEndPoints
    {
        get
        {
            lock (_listeners)
            {
                return [.. _listeners.Select(listener => listener.LocalEndPoint)];
            }
        }
    }

    /// <summary>Bytes queued for sending over every RawSocket connection (bounded by limits.maxOutboxBytes each).</summary>
    internal long QueuedBytes
    {
        get
        {
            lock (_listeners)
            {
                return _listeners.Sum(listener => listener.QueuedBytes);
            }
        }
    }

    /// <summary>Whether every listener still accepts connections (for the watchdog); <paramref name="stopped"/> names one that does not.</summary>
    public bool AreListenersAccepting(out string? stopped)
    {
        lock (_listeners)
        {
            foreach (RawSocketListener listener in _listeners)
            {
                if (!listener.IsAccepting)
                {
                    stopped = listener.LocalEndPoint?.ToString() ?? "(unbound)";
                    return false;
                }
            }
        }

        stopped = null;
        return true;
    }

    /// <summary>
    /// Shutdown:
    /// 1. GOODBYE (wamp.close.system_shutdown) to every session;
    /// 2. stop accepting, and close each connection once what is queued for it is sent;
    /// 3. if that takes longer than the host's shutdown timeout (<paramref name="cancellationToken"/>), log it and
    ///    return anyway, so the process exits within a bound (systemd's TimeoutStopSec= would kill it otherwise).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _router.Shutdown();
        try
        {
            await StopListenersAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Connections are still running: leave the router to the process exit rather than dispose it under them.
            _logger.ShutdownTimedOut(RunCommand.ShutdownTimeout.TotalSeconds);
            return;
        }

        _router.Dispose();
    }

    private async Task StopListenersAsync()
    {
        RawSocketListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
            _listeners.Clear();
        }

        foreach (RawSocketListener listener in listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await _serialLinks.StopAsync().ConfigureAwait(false);
    }

    private RawSocketListenerOptions CreateOptions(ListenerConfig listener)
    {
        System.Net.EndPoint endPoint = listener.Tcp is { } tcp && TcpEndpoint.TryParse(tcp, out TcpEndpoint parsed, out _)
            ? parsed.ToIPEndPoint()
            : new UnixDomainSocketEndPoint(RuntimePaths.ResolveUnixSocketPath(listener.Unix!));
        return new RawSocketListenerOptions
        {
            EndPoint = endPoint,
            Serializers = listener.Serializers.Select(ParseSerializer).ToList(),
            MaxMessageSize = _config.Limits.MaxMessageSize,
            MaxOutboxBytes = (int)Math.Min(_config.Limits.MaxOutboxBytes, int.MaxValue),
            MaxConnections = _config.Limits.MaxSessions,
            ConnectionLimit = _connectionLimit,
            HandshakeTimeout = TimeSpan.FromMilliseconds(_config.Limits.HandshakeTimeoutMs),
            RateLimit = listener.RateLimit is { } rate ? new MessageRateLimit { MessagesPerSecond = rate.MessagesPerSecond, Burst = rate.EffectiveBurst() } : null,
            UnixGroup = listener.Unix is not null ? listener.Group : null,
            PingInterval = TimeSpan.FromMilliseconds(listener.PingIntervalMs),
            PingTimeout = TimeSpan.FromMilliseconds(listener.PingTimeoutMs),
            ListeningSocket = _inherited.Claim(endPoint),
            Tls = listener.Tls is { } tls ? TlsListenerOptions.FromPemFiles(tls.Certificate, tls.Key, ParseClientCertificates(tls.ClientCertificates), tls.ClientCa) : null,
            WebSocket = listener.WebSocket is { } webSocket
                ? new WebSocketListenerOptions
                {
                    Path = webSocket.Path,
                    AllowedOrigins = webSocket.AllowedOrigins,
                    CookieName = webSocket.Cookie,
                    BridgeRealm = webSocket.Bridge?.Realm,
                    BridgeTimeout = TimeSpan.FromMilliseconds(webSocket.Bridge?.TimeoutMs ?? 30_000),
                    LongPollPath = webSocket.LongPoll,
                }
                : null,
            UnixFileMode = listener.Unix is not null && OctalMode.TryParse(listener.Mode, out UnixFileMode mode) ? mode : null,
        };
    }

    private static ClientCertificateMode ParseClientCertificates(string mode) => mode switch
    {
        ConfigVocabulary.ClientCertificatesOptional => ClientCertificateMode.Optional,
        ConfigVocabulary.ClientCertificatesRequired => ClientCertificateMode.Required,
        _ => ClientCertificateMode.None,
    };

    private static WampSerializer ParseSerializer(string name) => name switch
    {
        ConfigVocabulary.SerializerJson => WampSerializer.Json,
        ConfigVocabulary.SerializerMsgPack => WampSerializer.MsgPack,
        ConfigVocabulary.SerializerUbJson => WampSerializer.UbJson,
        _ => WampSerializer.Cbor,
    };
}
