namespace EdgeWamp.Router.Authentication;

/// <summary>
/// The router side of cookie authentication: a client that authenticated by another method over a transport that
/// carries a WAMP cookie (a WebSocket upgrade) is remembered by that cookie, and a later HELLO offering "cookie" over
/// a connection with the same cookie joins the same realm as the same principal without credentials.
/// Bounded: entries expire after <see cref="CookieLimits.MaxAge"/>, and when full the oldest makes room.
/// </summary>
internal sealed class AuthCookieJar
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly CookieLimits _limits;
    private readonly TimeProvider _time;

    public AuthCookieJar(CookieLimits limits, TimeProvider time)
    {
        _limits = limits;
        _time = time;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public void Remember(string cookie, Principal principal)
    {
        if (_limits.MaxEntries <= 0)
        {
            return;
        }

        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.ContainsKey(cookie) && _entries.Count >= _limits.MaxEntries)
            {
                EvictOldest();
            }

            _entries[cookie] = new Entry(new CookiePrincipal { AuthId = principal.AuthId, Realm = principal.Realm, Role = principal.Role }, now + _limits.MaxAge);
        }
    }

    /// <summary>The principal the cookie was recorded for, if it is for <paramref name="realm"/> and has not expired.</summary>
    public CookiePrincipal? Find(string cookie, string realm)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(cookie, out Entry? entry))
            {
                return null;
            }

            if (entry.Expires <= _time.GetUtcNow())
            {
                _entries.Remove(cookie);
                return null;
            }

            return entry.Principal.Realm == realm ? entry.Principal : null;
        }
    }

    private void EvictOldest()
    {
        string? oldest = null;
        DateTimeOffset earliest = DateTimeOffset.MaxValue;
        foreach ((string cookie, Entry entry) in _entries)
        {
            if (entry.Expires < earliest)
            {
                earliest = entry.Expires;
                oldest = cookie;
            }
        }

        if (oldest is not null)
        {
            _entries.Remove(oldest);
        }
    }

    private sealed record Entry(CookiePrincipal Principal, DateTimeOffset Expires);
}
