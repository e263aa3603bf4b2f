namespace EdgeWamp.Protocol.Connections;

/// <summary>Attaches a new connection to whatever routes its messages (the router, through a listener's settings).</summary>
public interface IWampPeerFactory
{
    IWampPeer Open(IWampConnection connection);
}
