using EdgeWamp.Protocol.Connections;
using EdgeWamp.Router;

namespace EdgeWamp.Host.Hosting;

/// <summary>Opens a router session for each connection of one listener, with that listener's authentication methods.</summary>
internal sealed class ListenerPeerFactory : IWampPeerFactory
{
    private readonly WampRouter _router;
    private readonly AuthMethods _authMethods;

    public ListenerPeerFactory(WampRouter router, AuthMethods authMethods)
    {
        _router = router;
        // Trusted is for the router's in-process sessions only, whatever a listener's configuration says.
        _authMethods = authMethods & ~AuthMethods.Trusted;
    }

    public IWampPeer Open(IWampConnection connection) => _router.OpenSession(connection, _authMethods);
}
