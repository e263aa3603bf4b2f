namespace EdgeWamp.LoadTool;

/// <summary>Latency samples in Stopwatch ticks, recorded into a preallocated array and summarised in microseconds.</summary>
internal sealed class LatencySamples
{
    private readonly long[] _ticks;
    private int _count;

    public LatencySamples(int capacity)
    {
        _ticks = new long[capacity];
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Records one sample; samples beyond the capacity are dropped (the run is bounded anyway).</summary>
    public void Add(long ticks)
    {
        int index = Interlocked.Increment(ref _count) - 1;
        if (index < _ticks.Length)
        {
            _ticks[index] = ticks;
        }
    }

    /// <summary>The value in microseconds below which <paramref name="percent"/> % of the samples lie.</summary>
    public double PercentileMicroseconds(double percent)
    {
        int count = Math.Min(Count, _ticks.Length);
        if (count == 0)
        {
            return double.NaN;
        }

        Span<long> sorted = _ticks.AsSpan(0, count);
        sorted.Sort();
        int index = Math.Clamp((int)Math.Ceiling(percent / 100.0 * count) - 1, 0, count - 1);
        return sorted[index] * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
