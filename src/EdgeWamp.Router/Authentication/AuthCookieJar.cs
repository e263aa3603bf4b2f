namespace EdgeWamp.Router.Authentication;

/// <summary>
/// The router side of cookie authentication: a client that authenticated over a transport that issued a WAMP cookie
/// (a WebSocket upgrade) is remembered by the cookie the router issued, and a later HELLO offering "cookie" over a
/// connection presenting that cookie joins the same realm as the same principal without credentials. A cookie admits
/// once (it is taken out when used; that login records the connection's newly issued cookie), and a cookie the client
/// chose is never recorded (no session fixation).
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

    /// <summary>Records a cookie the router issued for the principal that just joined by <paramref name="method"/>.</summary>
    public void Remember(string cookie, Principal principal, string method)
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

            _entries[cookie] = new Entry(new CookiePrincipal { AuthId = principal.AuthId, Realm = principal.Realm, Role = principal.Role }, method, now + _limits.MaxAge);
        }
    }

    /// <summary>
    /// Takes the cookie out of the jar and returns its principal, if it was recorded for <paramref name="realm"/> (and
    /// <paramref name="authId"/> when given) and has not expired; otherwise leaves the jar as it was. Taking it in one
    /// step means two connections presenting the same cookie cannot both be admitted.
    /// </summary>
    public CookiePrincipal? Take(string cookie, string realm, string? authId)
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

            if (entry.Principal.Realm != realm || (authId is not null && authId != entry.Principal.AuthId))
            {
                return null;
            }

            _entries.Remove(cookie);
            return entry.Principal;
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

    // Method: how the login that was issued this cookie authenticated ("cookie" after a rotation), for diagnosis.
    private sealed record Entry(CookiePrincipal Principal, string Method, DateTimeOffset Expires);
}
