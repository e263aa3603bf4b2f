namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>
/// A clock that only moves when a driver waits: every timer advances it by its due time and fires at once. Fake
/// chips read it to decide whether a conversion has finished, so a driver that waits too little gets stale or no
/// data — as from the real chip — and the tests run without real delays.
/// </summary>
internal sealed class VirtualClock : TimeProvider
{
    private readonly object _gate = new();
    private TimeSpan _elapsed;

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return _elapsed;
            }
        }
    }

    /// <summary>Every delay requested, in order.</summary>
    public List<TimeSpan> Delays { get; } = [];

    public override DateTimeOffset GetUtcNow() => Start + Elapsed;

    public override long GetTimestamp() => Elapsed.Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _elapsed += by;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_gate)
            {
                Delays.Add(dueTime);
                _elapsed += dueTime;
            }

            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
