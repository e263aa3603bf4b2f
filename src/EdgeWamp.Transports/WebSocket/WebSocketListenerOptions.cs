namespace EdgeWamp.Transports.WebSocket;

/// <summary>WebSocket settings of a TCP listener that also serves HTTP (the first octet tells RawSocket and HTTP apart).</summary>
public sealed class WebSocketListenerOptions
{
    /// <summary>The HTTP path clients upgrade on.</summary>
    /// <remarks>Defaults to <c>/ws</c>.</remarks>
    public string Path { get; init; } = "/ws";

    /// <summary>
    /// Origins (e.g. <c>https://dashboard.local</c>) whose pages may open a WebSocket; an upgrade from any other
    /// origin gets 403. Requests without an Origin header (non-browser clients) are not affected.
    /// </summary>
    /// <remarks>
    /// Defaults to null: any origin. Security: a browser lets every web page the user visits connect to the router
    /// (with the user's cookie); list the dashboards' origins on a router reachable from browsers.
    /// </remarks>
    public IReadOnlyList<string>? AllowedOrigins { get; init; }

    /// <summary>The name of the WAMP authentication cookie read from the upgrade request, or issued in the 101 response.</summary>
    /// <remarks>Defaults to <c>cbtid</c> (the name Crossbar.io uses). Null turns cookies off.</remarks>
    public string? CookieName { get; init; } = "cbtid";

    /// <summary>The largest HTTP request head (request line and header fields) read.</summary>
    /// <remarks>Defaults to 8 KiB; a larger head gets 431.</remarks>
    public int MaxRequestHeadBytes { get; init; } = 8 * 1024;

    /// <summary>
    /// The realm of the HTTP bridge (<c>POST /publish</c>, <c>POST /call</c>); each request joins it as a session of
    /// its own, authenticated by its Authorization header. Null turns the bridge off.
    /// </summary>
    /// <remarks>Defaults to null: off.</remarks>
    public string? BridgeRealm { get; init; }

    /// <summary>How long a bridge request may take (join, then the publication or call) before it gets 504.</summary>
    /// <remarks>Defaults to 30 seconds.</remarks>
    public TimeSpan BridgeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The base path of the HTTP long-poll transport (WAMP spec, "HTTP Longpoll Transport"), e.g. <c>/longpoll</c>:
    /// <c>POST {path}/open</c>, then <c>{path}/{transport}/receive</c>, <c>/send</c> and <c>/close</c>. Null turns it off.
    /// </summary>
    /// <remarks>Defaults to null: off.</remarks>
    public string? LongPollPath { get; init; }

    /// <summary>How long a <c>receive</c> request waits for a message before it returns 204 (the client polls again).</summary>
    /// <remarks>Defaults to 25 seconds, below the usual 30-second proxy timeouts.</remarks>
    public TimeSpan LongPollWait { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>A long-poll transport whose client sends no request for this long is closed and its session ends.</summary>
    /// <remarks>Defaults to 60 seconds.</remarks>
    public TimeSpan LongPollIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
