namespace EdgeWamp.Router.Tests.Testing;

/// <summary>
/// A clock that only moves when a test says so. <see cref="Advance"/> moves it forward and fires every timer that
/// comes due on the way, synchronously on the test's thread, in due order, with the clock set to each timer's due time.
/// </summary>
/// <remarks>
/// Timestamps count from 0 when the clock is created, at <see cref="TimestampFrequency"/> per second. Timers re-armed or
/// disposed from inside a callback are honoured within the same <see cref="Advance"/>.
/// </remarks>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private readonly DateTimeOffset _start;
    private readonly long _frequency;
    private long _now;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <param name="start">What <see cref="GetUtcNow"/> answers before the clock moves.</param>
    /// <param name="timestampFrequency">
    /// Timestamp ticks per second; defaults to <see cref="TimeSpan.TicksPerSecond"/>. <see cref="TimeProvider.System"/>
    /// uses <see cref="System.Diagnostics.Stopwatch.Frequency"/>, 1,000,000,000 on Linux.
    /// </param>
    public ManualTimeProvider(DateTimeOffset start, long timestampFrequency = TimeSpan.TicksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timestampFrequency, 1);
        _start = start;
        _frequency = timestampFrequency;
    }

    /// <summary>How much time has passed since the clock was created.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(_now);

    /// <summary>Timers that are armed (created and not disposed, with a due time).</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_timers)
            {
                return _timers.Count(timer => timer.DueAt is not null);
            }
        }
    }

    /// <summary>
    /// Waits (bounded) until at least <paramref name="armed"/> timers are armed, then advances: code on another thread
    /// (a polling loop) must have started waiting before the clock moves, or it would wait from the new time.
    /// </summary>
    public void AdvanceWhenArmed(TimeSpan by, int armed = 1)
    {
        if (!SpinWait.SpinUntil(() => ArmedTimerCount >= armed, TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"fewer than {armed} timers were armed within 10 s");
        }

        Advance(by);
    }

    public override long TimestampFrequency => _frequency;

    public override long GetTimestamp() => (long)((Int128)_now * _frequency / TimeSpan.TicksPerSecond);

    public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromTicks(_now);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
            timer.Change(dueTime, period);
        }

        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>, firing every timer due by then.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target = _now + by.Ticks;
        while (true)
        {
            ManualTimer? timer;
            lock (_timers)
            {
                timer = NextDue(target);
                if (timer is null)
                {
                    break;
                }

                _now = Math.Max(_now, timer.DueAt!.Value);
            }

            timer.Fire();
        }

        _now = target;
    }

    private ManualTimer? NextDue(long target)
    {
        ManualTimer? next = null;
        foreach (ManualTimer timer in _timers)
        {
            if (timer.DueAt is { } due && due <= target && (next is null || due < next.DueAt!.Value))
            {
                next = timer;
            }
        }

        return next;
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private long _period;

        public ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        /// <summary>The timestamp at which the timer fires next; null when it is not armed.</summary>
        public long? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_clock._timers)
            {
                ChangeLocked(dueTime, period);
            }

            return true;
        }

        private void ChangeLocked(TimeSpan dueTime, TimeSpan period)
        {
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock._now + Math.Max(0, dueTime.Ticks);
            _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
        }

        /// <summary>Re-arms a periodic timer (or disarms a one-shot), then runs the callback.</summary>
        public void Fire()
        {
            DueAt = _period > 0 ? DueAt + _period : null;
            _callback(_state);
        }

        public void Dispose()
        {
            lock (_clock._timers)
            {
                DueAt = null;
                _clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
