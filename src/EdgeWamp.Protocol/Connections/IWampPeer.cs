namespace EdgeWamp.Protocol.Connections;

/// <summary>The receiving side: what a transport connection hands each whole message to.</summary>
public interface IWampPeer
{
    /// <summary>Handles one message. Called from one read loop at a time; the span is valid only during the call.</summary>
    void Receive(ReadOnlySpan<byte> message);

    /// <summary>The connection has ended, for whatever reason. Called once.</summary>
    void OnDisconnected();
}
