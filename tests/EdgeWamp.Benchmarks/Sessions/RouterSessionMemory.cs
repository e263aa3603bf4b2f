using System.Text;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Benchmarks.Sessions;

/// <summary>
/// The router's own share of an idle session: N sessions joined over connections that hold nothing, each subscribed
/// to a topic of its own, measured as live bytes after a full collection. The rest of a session's memory (socket,
/// buffers, tasks) is the transport's: <see cref="SessionMemoryMeasurement"/> measures the whole.
/// </summary>
internal static class RouterSessionMemory
{
    public static void Run(int sessions)
    {
        using var realm = new BenchmarkRealm();
        var held = new List<WampSession>(sessions);
        long before = LiveBytes();
        for (int i = 0; i < sessions; i++)
        {
            (WampSession session, _) = realm.Join(WampSerializer.Cbor, new NullConnection());
            session.Receive(realm.Encode(WampSerializer.Cbor, new RequestMessage { Type = WampMessageType.Subscribe, RequestId = 1, Uri = Encoding.UTF8.GetBytes($"bench.s.{i}") }));
            held.Add(session);
        }

        long after = LiveBytes();
        Console.WriteLine($"router bytes per session     {(after - before - held.Capacity * 8L) / (double)sessions:N0} (joined, one subscription each, no transport)");
        GC.KeepAlive(held);
    }

    private static long LiveBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>A connection with no state of its own, so only the router's objects are counted.</summary>
    private sealed class NullConnection : IWampConnection
    {
        public WampSerializer Serializer => WampSerializer.Cbor;

        public string Description => "null";

        public WriteResult TryWrite(ReadOnlySpan<byte> message) => WriteResult.Written;

        public void Close()
        {
        }
    }
}
