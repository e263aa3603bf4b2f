namespace EdgeWamp.Transports.Tests.TestSupport;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>, safe to use from a connection's read loop while the
/// test thread advances it: timers that come due fire on the test's thread, outside the clock's lock.
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<SteppedTimer> _timers = [];
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <summary>Timers armed and not yet fired or disposed: a connection waiting on this clock has one.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(timer => timer.DueAt is not null);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<SteppedTimer> due;
        lock (_lock)
        {
            _now += by.Ticks;
            due = [.. _timers.Where(timer => timer.DueAt <= _now)];
            foreach (SteppedTimer timer in due)
            {
                timer.DueAt = null;
            }
        }

        foreach (SteppedTimer timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class SteppedTimer(SteppedClock clock, TimerCallback callback, object? state) : ITimer
    {
        // Guarded by the clock's lock.
        public long? DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                if (!clock._timers.Contains(this))
                {
                    clock._timers.Add(this);
                }

                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime.Ticks;
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
