namespace EdgeWamp.Transports;

/// <summary>
/// A count of open connections with a ceiling, shared by every listener of a router so that <c>limits.maxSessions</c>
/// bounds them all together. A connection takes a place in its RawSocket handshake and gives it back when it ends; when
/// none is free the handshake is refused with the spec's error "maximum connection count reached".
/// </summary>
public sealed class ConnectionLimit
{
    private int _count;

    public ConnectionLimit(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        Max = max;
    }

    public int Max { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Takes a place; false when all <see cref="Max"/> are taken.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            int count = Volatile.Read(ref _count);
            if (count >= Max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _count, count + 1, count) == count)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back a place taken by <see cref="TryAcquire"/>.</summary>
    public void Release() => Interlocked.Decrement(ref _count);
}
