using System.Net.Sockets;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Transports.RawSocket;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary>Starts every configured listener on the router, and on shutdown says GOODBYE to every session and closes them.</summary>
internal sealed class RouterService : IHostedService
{
    private readonly EdgeWampConfig _config;
    private readonly WampRouter _router;
    private readonly ILogger<RouterService> _logger;
    private readonly ILogger _transportLogger;
    private readonly List<RawSocketListener> _listeners = [];

    public RouterService(EdgeWampConfig config, WampRouter router, ILogger<RouterService> logger, ILoggerFactory loggerFactory)
    {
        _config = config;
        _router = router;
        _logger = logger;
        _transportLogger = loggerFactory.CreateLogger("EdgeWamp.Transports");
    }

    /// <summary>Binds every listener before the host reports started; one that cannot bind stops the router.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (ListenerConfig listener in _config.Listeners)
        {
            if (listener.Serial is not null)
            {
                _logger.ListenerNotServed(listener.Serial, "serial links are not supported by this build");
                continue;
            }

            if (listener.WebSocket is not null)
            {
                _logger.ListenerNotServed(listener.Tcp!, "WebSocket is not supported by this build; the port serves RawSocket only");
            }

            var rawSocket = new RawSocketListener(CreateOptions(listener), new ListenerPeerFactory(_router, RouterFactory.ParseAuthMethods(listener.AuthMethods)), _transportLogger);
            try
            {
                rawSocket.Start();
            }
            catch (SocketException exception)
            {
                await StopListenersAsync().ConfigureAwait(false);
                throw new ListenerStartException($"cannot listen on {listener.Tcp ?? listener.Unix}: {exception.Message}", exception);
            }

            _listeners.Add(rawSocket);
        }
    }

    /// <summary>
    /// Shutdown:
    /// 1. GOODBYE (wamp.close.system_shutdown) to every session;
    /// 2. stop accepting, and close each connection once what is queued for it is sent.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _router.Shutdown();
        await StopListenersAsync().ConfigureAwait(false);
        _router.Dispose();
    }

    private async Task StopListenersAsync()
    {
        foreach (RawSocketListener listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _listeners.Clear();
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
            UnixFileMode = listener.Unix is not null && OctalMode.TryParse(listener.Mode, out UnixFileMode mode) ? mode : null,
        };
    }

    private static WampSerializer ParseSerializer(string name) => name switch
    {
        ConfigVocabulary.SerializerJson => WampSerializer.Json,
        ConfigVocabulary.SerializerMsgPack => WampSerializer.MsgPack,
        _ => WampSerializer.Cbor,
    };
}
