namespace EdgeWamp.Host.Configuration;

/// <summary>WebSocket settings of a TCP listener.</summary>
internal sealed class WebSocketConfig
{
    /// <summary>The HTTP path clients upgrade on.</summary>
    /// <remarks>Defaults to <c>"/ws"</c>.</remarks>
    public string Path { get; set; } = "/ws";
}
