namespace EdgeWamp.Host.Configuration;

/// <summary>WebSocket settings of a TCP listener.</summary>
internal sealed class WebSocketConfig
{
    /// <summary>The HTTP path clients upgrade on.</summary>
    /// <remarks>Defaults to <c>"/ws"</c>.</remarks>
    public string Path { get; set; } = "/ws";

    /// <summary>
    /// Origins whose web pages may connect, e.g. <c>"https://dashboard.local"</c>; <c>"*"</c> admits any. Upgrades
    /// from other origins get 403; clients that send no Origin (not browsers) are not affected.
    /// </summary>
    /// <remarks>
    /// Defaults to none: any origin. Security: a browser lets every page the user visits connect; on a router that
    /// browsers can reach, list the dashboards' origins.
    /// </remarks>
    public IReadOnlyList<string>? AllowedOrigins { get; set; }

    /// <summary>The name of the WAMP authentication cookie issued in the upgrade response and read on reconnect; null turns it off.</summary>
    /// <remarks>Defaults to <c>"cbtid"</c>.</remarks>
    public string? Cookie { get; set; } = "cbtid";

    /// <summary>The HTTP bridge (<c>POST /publish</c>, <c>POST /call</c>) on this port; null (the default) turns it off.</summary>
    /// <remarks>Defaults to none. Security: a bridge request is authorized like any session of its realm.</remarks>
    public HttpBridgeConfig? Bridge { get; set; }

    /// <summary>
    /// The base path of the HTTP long-poll transport (the WAMP spec's <c>{path}/open</c>, <c>{path}/{id}/receive</c>,
    /// <c>/send</c>, <c>/close</c>) for clients that cannot keep a WebSocket open; null (the default) turns it off.
    /// </summary>
    /// <remarks>Defaults to none, e.g. <c>"/longpoll"</c>.</remarks>
    public string? LongPoll { get; set; }
}
