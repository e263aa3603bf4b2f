namespace EdgeWamp.Host.Configuration;

/// <summary>The HTTP bridge of a listener that serves WebSocket: <c>POST /publish</c> and <c>POST /call</c> for curl and other HTTP-only tools.</summary>
internal sealed class HttpBridgeConfig
{
    /// <summary>The realm every bridge request joins (as a session of its own, authenticated by its Authorization header).</summary>
    /// <remarks>Required.</remarks>
    public required string Realm { get; set; }

    /// <summary>Milliseconds a request may take (joining, then the publication or the call) before it gets 504.</summary>
    /// <remarks>Defaults to 30000.</remarks>
    public int TimeoutMs { get; set; } = 30_000;
}
