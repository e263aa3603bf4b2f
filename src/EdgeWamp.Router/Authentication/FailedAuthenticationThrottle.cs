using System.Net;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// Counts failed authentications per remote address; an address with too many in the window is refused at HELLO
/// until its cool-down ends. The table is bounded: when full, the entry seen longest ago is dropped.
/// </summary>
internal sealed class FailedAuthenticationThrottle
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, Entry> _entries = [];
    private readonly FailedAuthenticationLimits _limits;
    private readonly TimeProvider _time;

    public FailedAuthenticationThrottle(FailedAuthenticationLimits limits, TimeProvider time)
    {
        _limits = limits;
        _time = time;
    }

    public int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool IsBlocked(IPAddress? address)
    {
        if (address is null || _limits.MaxFailures <= 0)
        {
            return false;
        }

        lock (_lock)
        {
            return _entries.TryGetValue(address, out Entry? entry) && entry.BlockedUntil > _time.GetUtcNow();
        }
    }

    public void RecordFailure(IPAddress? address)
    {
        if (address is null || _limits.MaxFailures <= 0)
        {
            return;
        }

        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(address, out Entry? entry))
            {
                if (_entries.Count >= _limits.MaxAddresses)
                {
                    EvictStalest();
                }

                entry = new Entry { WindowStart = now };
                _entries.Add(address, entry);
            }

            if (now - entry.WindowStart > _limits.Window)
            {
                entry.WindowStart = now;
                entry.Failures = 0;
            }

            entry.LastSeen = now;
            entry.Failures++;
            if (entry.Failures >= _limits.MaxFailures)
            {
                entry.BlockedUntil = now + _limits.Cooldown;
                entry.Failures = 0;
                entry.WindowStart = now;
            }
        }
    }

    private void EvictStalest()
    {
        IPAddress? stalest = null;
        DateTimeOffset oldest = DateTimeOffset.MaxValue;
        foreach ((IPAddress address, Entry entry) in _entries)
        {
            if (entry.LastSeen < oldest)
            {
                oldest = entry.LastSeen;
                stalest = address;
            }
        }

        if (stalest is not null)
        {
            _entries.Remove(stalest);
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset WindowStart;
        public DateTimeOffset LastSeen;
        public DateTimeOffset BlockedUntil;
        public int Failures;
    }
}
