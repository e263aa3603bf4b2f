namespace EdgeWamp.Protocol.Connections;

/// <summary>How a peer reached the router.</summary>
public enum TransportKind : byte
{
    /// <summary>An in-process session (device bridge, tests).</summary>
    Local,
    Tcp,
    Unix,
    Serial,
    WebSocket,
    LongPoll,
    Http,
}
