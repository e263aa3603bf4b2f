namespace EdgeWamp.Router.Tests.Testing;

/// <summary>The test clock itself: timers fire when <see cref="ManualTimeProvider.Advance"/> reaches them, not before.</summary>
public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Advance_PastADueTime_FiresTheTimerOnceAtItsDueTime()
    {
        var clock = new ManualTimeProvider();
        var firedAt = new List<TimeSpan>();
        using ITimer timer = clock.CreateTimer(_ => firedAt.Add(clock.Elapsed), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Empty(firedAt);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([TimeSpan.FromSeconds(2)], firedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(6999), clock.Elapsed);
    }

    [Fact]
    public void Advance_SeveralTimers_FireInDueOrderAndPeriodicOnesRepeat()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<string>();
        using ITimer late = clock.CreateTimer(_ => fired.Add($"late@{clock.Elapsed.TotalSeconds}"), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using ITimer periodic = clock.CreateTimer(_ => fired.Add($"tick@{clock.Elapsed.TotalSeconds}"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Equal(["tick@1", "tick@2", "late@3", "tick@3"], fired);
    }

    [Fact]
    public void Change_FromInsideTheCallback_ReArmsWithinTheSameAdvance()
    {
        var clock = new ManualTimeProvider();
        int count = 0;
        ITimer? timer = null;
        timer = clock.CreateTimer(_ => { count++; timer!.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan); }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(3, count);
        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, count);
        Assert.Equal(0, clock.ArmedTimerCount);
    }

    [Fact]
    public void GetTimestamp_CustomFrequency_CountsAtThatFrequency()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch, timestampFrequency: 1_000_000_000);

        clock.Advance(TimeSpan.FromMilliseconds(1.5));

        Assert.Equal(1_500_000, clock.GetTimestamp());
        Assert.Equal(TimeSpan.FromMilliseconds(1.5), clock.GetElapsedTime(0));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMilliseconds(1.5), clock.GetUtcNow());
    }
}
