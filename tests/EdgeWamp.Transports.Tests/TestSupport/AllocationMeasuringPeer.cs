using EdgeWamp.Protocol.Connections;

namespace EdgeWamp.Transports.Tests.TestSupport;

/// <summary>
/// A peer that reads this thread's allocation counter at two message counts, both in the steady state of one run, and
/// optionally answers each message (<see cref="Answer"/>) inside the measurement.
/// </summary>
internal sealed class AllocationMeasuringPeer(int firstMark, int secondMark) : IWampPeer
{
    private readonly int _threadId = Environment.CurrentManagedThreadId;
    private long _atFirstMark;

    /// <summary>Called for every message; returns false when the answer was refused.</summary>
    public Func<bool>? Answer { get; set; }

    public int Count { get; private set; }

    public int Refused { get; private set; }

    public long AllocatedBetweenMarks { get; private set; } = -1;

    public bool SameThread { get; private set; } = true;

    public void Receive(ReadOnlySpan<byte> message)
    {
        Count++;
        SameThread &= Environment.CurrentManagedThreadId == _threadId;

        // Not Assert: its comparers allocate, and this runs inside the measurement.
        if (Answer is { } answer && !answer())
        {
            Refused++;
        }

        if (Count == firstMark)
        {
            _atFirstMark = GC.GetAllocatedBytesForCurrentThread();
        }
        else if (Count == secondMark)
        {
            AllocatedBetweenMarks = GC.GetAllocatedBytesForCurrentThread() - _atFirstMark;
        }
    }

    public void OnDisconnected()
    {
    }
}

/// <summary>Hands every connection the same peer.</summary>
internal sealed class SinglePeerFactory(IWampPeer peer) : IWampPeerFactory
{
    public IWampPeer Open(IWampConnection connection) => peer;
}
