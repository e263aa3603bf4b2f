namespace EdgeWamp.Devices.Sensors;

/// <summary>How long to wait before reading a failing sensor again: doubling from the poll interval, capped.</summary>
public static class SensorBackoff
{
    /// <summary>
    /// The cap: a sensor unplugged for a day is retried every 5 minutes, so it comes back without a restart
    /// but a dead bus is not hammered.
    /// </summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromMinutes(5);

    // At least a second: a sensor polled every 100 ms that fails must not retry at 10 Hz.
    private static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);

    /// <summary>The delay after the <paramref name="failures"/>-th failure in a row (1-based).</summary>
    public static TimeSpan Delay(TimeSpan pollInterval, int failures)
    {
        TimeSpan first = pollInterval > Minimum ? pollInterval : Minimum;
        int doublings = Math.Clamp(failures - 1, 0, 20);
        double ticks = first.Ticks * Math.Pow(2, doublings);
        return ticks >= Maximum.Ticks ? Maximum : TimeSpan.FromTicks((long)ticks);
    }
}
