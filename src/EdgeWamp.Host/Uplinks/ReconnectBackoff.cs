namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// Exponential backoff with jitter between reconnect attempts: attempt n waits a random time in [d/2, d] where
/// d = min(max, initial * 2^n), so a fleet that lost the same upstream does not come back in lockstep.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan maximum, Random random)
{
    private int _attempt;

    public TimeSpan Next()
    {
        double ceiling = Math.Min(maximum.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromMilliseconds((ceiling / 2) + (random.NextDouble() * ceiling / 2));
    }

    /// <summary>A connection succeeded: the next failure starts from <c>initial</c> again.</summary>
    public void Reset() => _attempt = 0;
}
