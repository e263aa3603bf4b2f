using EdgeWamp.Protocol.Connections;
using EdgeWamp.Router;

namespace EdgeWamp.Benchmarks.Serial;

internal sealed class RouterPeers(WampRouter router) : IWampPeerFactory
{
    public IWampPeer Open(IWampConnection connection) => router.OpenSession(connection, AuthMethods.Anonymous);
}
