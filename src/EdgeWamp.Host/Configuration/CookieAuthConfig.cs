namespace EdgeWamp.Host.Configuration;

/// <summary>
/// Cookie authentication (listener method <c>cookie</c>): after a client authenticates by another method over a
/// WebSocket connection that carries a WAMP cookie, the router remembers the cookie, and a later HELLO offering
/// <c>cookie</c> with the same cookie joins as the same principal without credentials.
/// </summary>
internal sealed class CookieAuthConfig
{
    /// <summary>How long, in seconds, a remembered cookie stays valid.</summary>
    /// <remarks>Defaults to 86400 (one day).</remarks>
    public int MaxAgeSeconds { get; set; } = 86400;

    /// <summary>Cookies remembered at once; the oldest makes room.</summary>
    /// <remarks>Defaults to 10000: a bound on memory.</remarks>
    public int MaxEntries { get; set; } = 10_000;
}
