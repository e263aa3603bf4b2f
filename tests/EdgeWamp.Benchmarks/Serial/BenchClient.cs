using System.Diagnostics;
using System.Text;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Benchmarks.Serial;

/// <summary>An in-process JSON client on the router: counts EVENTs, and times CALL -> RESULT.</summary>
internal sealed class BenchClient : IWampConnection
{
    private readonly WampSession _session;
    private readonly SemaphoreSlim _result = new(0);
    private readonly SemaphoreSlim _ack = new(0);
    private long _events;

    public BenchClient(WampRouter router)
    {
        _session = router.OpenSession(this, AuthMethods.Anonymous);
        Send("""[1,"realm1",{"roles":{"caller":{},"subscriber":{}}}]""");
        _ack.Wait();
    }

    public WampSerializer Serializer => WampSerializer.Json;

    public string Description => "bench client";

    public long Events => Interlocked.Read(ref _events);

    public long LastEventTimestamp { get; private set; }

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        if (message.StartsWith("[36,"u8))
        {
            Interlocked.Increment(ref _events);
            LastEventTimestamp = Stopwatch.GetTimestamp();
        }
        else if (message.StartsWith("[50,"u8) || message.StartsWith("[8,48,"u8))
        {
            _result.Release();
        }
        else if (message.StartsWith("[2,"u8) || message.StartsWith("[33,"u8))
        {
            _ack.Release();
        }

        return WriteResult.Written;
    }

    public void Close()
    {
    }

    public void Subscribe(string topic)
    {
        Send($$"""[32,1,{},"{{topic}}"]""");
        _ack.Wait();
    }

    /// <summary>One call, waiting for its RESULT; returns the round trip.</summary>
    public TimeSpan Call(string procedure, int i)
    {
        long start = Stopwatch.GetTimestamp();
        Send($$"""[48,{{i + 1}},{},"{{procedure}}",[{{i}}]]""");
        if (!_result.Wait(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"no RESULT for call {i}");
        }

        return Stopwatch.GetElapsedTime(start);
    }

    private void Send(string json)
    {
        lock (_session)
        {
            _session.Receive(Encoding.UTF8.GetBytes(json));
        }
    }
}
