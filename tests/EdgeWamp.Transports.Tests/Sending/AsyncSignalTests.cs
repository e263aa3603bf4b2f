using EdgeWamp.Transports.Sending;

namespace EdgeWamp.Transports.Tests.Sending;

public sealed class AsyncSignalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ASetWithNoWaiter_IsRemembered_Once()
    {
        var signal = new AsyncSignal();
        signal.Set();
        signal.Set();

        Assert.True(signal.WaitAsync().AsTask().IsCompleted);
        Task second = signal.WaitAsync().AsTask();
        Assert.False(second.IsCompleted);

        signal.Set();
        await second.WaitAsync(Timeout);
    }

    [Fact]
    public async Task AWaiter_IsReleasedBySet()
    {
        var signal = new AsyncSignal();
        Task waiting = signal.WaitAsync().AsTask();
        Assert.False(waiting.IsCompleted);

        signal.Set();
        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task NoSetIsLost_WhenSettersRaceTheWaiter()
    {
        // The waiter counts work items; setters add one and set. However the two interleave, the waiter must see
        // every item: a set that lands between its check and its wait has to complete the wait.
        var signal = new AsyncSignal();
        const int Items = 20_000;
        int produced = 0;
        int consumed = 0;
        Task consumer = Task.Run(async () =>
        {
            while (Volatile.Read(ref consumed) < Items)
            {
                await signal.WaitAsync();
                Volatile.Write(ref consumed, Volatile.Read(ref produced));
            }
        });

        Task[] producers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < Items / 2; i++)
            {
                Interlocked.Increment(ref produced);
                signal.Set();
            }
        })).ToArray();

        await Task.WhenAll(producers).WaitAsync(Timeout);
        await consumer.WaitAsync(Timeout);
        Assert.Equal(Items, consumed);
    }
}
