namespace EdgeWamp.Transports;

/// <summary>
/// The token bucket of one connection's <see cref="MessageRateLimit"/>. Used by that connection's read loop only, so
/// it needs no lock. Starts full: a new connection may send its HELLO and first requests without waiting.
/// </summary>
internal sealed class TokenBucket
{
    // A delay shorter than this would only spin: timers do not fire sooner anyway.
    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(1);

    private readonly double _perSecond;
    private readonly double _capacity;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _stamp;

    public TokenBucket(MessageRateLimit limit, TimeProvider time)
    {
        _perSecond = limit.MessagesPerSecond;
        _capacity = limit.Burst;
        _time = time;
        _tokens = _capacity;
        _stamp = time.GetTimestamp();
    }

    public bool TryTake()
    {
        Refill();
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    /// <summary>How long until the next token is due.</summary>
    public TimeSpan TimeUntilNextToken()
    {
        Refill();
        if (_tokens >= 1)
        {
            return TimeSpan.Zero;
        }

        TimeSpan wait = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
        return wait < MinDelay ? MinDelay : wait;
    }

    private void Refill()
    {
        long now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_stamp, now).TotalSeconds * _perSecond));
        _stamp = now;
    }
}
