using EdgeWamp.Host.Uplinks;
using Xunit;

namespace EdgeWamp.Host.Tests.Uplinks;

public class ReconnectBackoffTests
{
    [Fact]
    public void Next_GrowsExponentiallyWithJitterUpToTheMaximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), new Random(7));

        TimeSpan[] delays = [.. Enumerable.Range(0, 6).Select(_ => backoff.Next())];

        double[] ceilings = [1, 2, 4, 8, 8, 8];
        for (int i = 0; i < delays.Length; i++)
        {
            Assert.InRange(delays[i].TotalSeconds, ceilings[i] / 2, ceilings[i]);
        }
    }

    [Fact]
    public void Reset_StartsAgainFromTheInitialDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(1));
        for (int i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalSeconds, 0.5, 1);
    }

    [Fact]
    public void Next_TwoBoardsWithDifferentRandomness_DoNotRetryInLockstep()
    {
        var first = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(1));
        var second = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(2));

        Assert.NotEqual(
            Enumerable.Range(0, 5).Select(_ => first.Next()),
            Enumerable.Range(0, 5).Select(_ => second.Next()));
    }
}
