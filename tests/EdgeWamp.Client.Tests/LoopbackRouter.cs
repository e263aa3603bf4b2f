using System.Net;
using System.Net.Sockets;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Router;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.WebSocket;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeWamp.Client.Tests;

/// <summary>
/// The real router with a RawSocket listener on 127.0.0.1:0 (which also serves WebSocket at /ws) and one on a Unix
/// socket in a temporary directory; tests may start more listeners (e.g. with TLS) on it.
/// </summary>
internal sealed class LoopbackRouter : IAsyncDisposable
{
    public const string Realm = "realm1";

    private readonly RawSocketListener _tcp;
    private readonly RawSocketListener _unix;
    private readonly string _directory;
    private readonly PeerFactory _peers;
    private readonly List<RawSocketListener> _extraListeners = [];

    public LoopbackRouter(TimeSpan? pingInterval = null, TimeSpan? pingTimeout = null)
    {
        Router = new WampRouter([new RealmOptions
        {
            Name = Realm,
            Roles = [new Role("anonymous", [new PermissionRule(string.Empty, UriMatch.Prefix, WampAction.Call | WampAction.Register | WampAction.Publish | WampAction.Subscribe)])],
            AnonymousRole = "anonymous",
        }]);
        var peers = _peers = new PeerFactory(Router);
        _tcp = new RawSocketListener(new RawSocketListenerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            PingInterval = pingInterval ?? TimeSpan.FromSeconds(30),
            PingTimeout = pingTimeout ?? pingInterval ?? TimeSpan.FromSeconds(10),
            WebSocket = new WebSocketListenerOptions(),
        }, peers, NullLogger.Instance);
        _tcp.Start();
        _directory = Directory.CreateTempSubdirectory("edgewamp-client-").FullName;
        UnixPath = Path.Combine(_directory, "router.sock");
        _unix = new RawSocketListener(new RawSocketListenerOptions { EndPoint = new UnixDomainSocketEndPoint(UnixPath) }, peers, NullLogger.Instance);
        _unix.Start();
    }

    public WampRouter Router { get; }

    public string TcpUrl => $"rs://127.0.0.1:{((IPEndPoint)_tcp.LocalEndPoint!).Port}";

    public string WebSocketUrl => $"ws://127.0.0.1:{((IPEndPoint)_tcp.LocalEndPoint!).Port}/ws";

    public string UnixPath { get; }

    /// <summary>Starts one more listener of this router; it is disposed with the router.</summary>
    public RawSocketListener StartListener(RawSocketListenerOptions options)
    {
        var listener = new RawSocketListener(options, _peers, NullLogger.Instance);
        _extraListeners.Add(listener);
        listener.Start();
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        Router.Shutdown();
        await _tcp.DisposeAsync();
        await _unix.DisposeAsync();
        foreach (RawSocketListener listener in _extraListeners)
        {
            await listener.DisposeAsync();
        }
        Router.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class PeerFactory(WampRouter router) : IWampPeerFactory
    {
        public IWampPeer Open(IWampConnection connection) => router.OpenSession(connection, AuthMethods.Anonymous);
    }
}
