namespace EdgeWamp.Router.Dealer;

/// <summary>
/// Deadlines of calls with CALL.Options.timeout (WAMP spec, "Call Timeouts"), earliest first, with one timer per
/// realm armed for the earliest. Entries of calls that ended meanwhile are skipped when they come due.
/// </summary>
internal sealed class CallTimeouts : IDisposable
{
    private readonly TimeProvider _time;
    private readonly PriorityQueue<ulong, long> _deadlines = new();
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;

    public CallTimeouts(TimeProvider time, Action expire)
    {
        _time = time;
        _timer = time.CreateTimer(static state => ((Action)state!)(), expire, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The timer has fired: it is no longer armed for anything (it may fire a little early; Arm then re-arms).</summary>
    public void Fired()
    {
        _armedFor = long.MaxValue;
    }

    public void Add(ulong invocationId, TimeSpan timeout)
    {
        long deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        _deadlines.Enqueue(invocationId, deadline);
        Arm();
    }

    /// <summary>Removes and returns the next invocation whose deadline has passed.</summary>
    public bool TryTakeDue(out ulong invocationId)
    {
        if (_deadlines.TryPeek(out invocationId, out long deadline) && deadline <= _time.GetTimestamp())
        {
            _deadlines.Dequeue();
            return true;
        }

        invocationId = 0;
        return false;
    }

    /// <summary>Arms the timer for the earliest deadline left (after a batch of expiries, or a new earlier deadline).</summary>
    public void Arm()
    {
        if (!_deadlines.TryPeek(out _, out long deadline))
        {
            _armedFor = long.MaxValue;
            return;
        }

        if (deadline >= _armedFor && _armedFor > _time.GetTimestamp())
        {
            return;
        }

        _armedFor = deadline;
        TimeSpan due = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
        _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();
}
