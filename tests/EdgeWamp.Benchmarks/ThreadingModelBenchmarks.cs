using System.Buffers;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Benchmarks;

/// <summary>
/// The measurement behind the threading model (docs/architecture.md): two publishers on two threads, each
/// publishing to three subscribers, routed either inline on the publishing thread under the realm lock, or by
/// one routing loop fed through a bounded queue (each frame copied into a pooled buffer, as a reader would have to).
/// </summary>
[MemoryDiagnoser]
public class ThreadingModelBenchmarks
{
    private const int MessagesPerPublisher = 10_000;

    private BenchmarkRealm _realm = null!;
    private WampSession[] _publishers = null!;
    private InMemoryConnection[] _subscribers = null!;
    private byte[] _publish = null!;

    [GlobalSetup]
    public void Setup()
    {
        _realm = new BenchmarkRealm();
        _publishers = [_realm.Join(WampSerializer.Cbor).Session, _realm.Join(WampSerializer.Cbor).Session];
        _subscribers = new InMemoryConnection[3];
        for (int i = 0; i < _subscribers.Length; i++)
        {
            (WampSession subscriber, _subscribers[i]) = _realm.Join(WampSerializer.Cbor);
            subscriber.Receive(_realm.Encode(WampSerializer.Cbor, new RequestMessage { Type = WampMessageType.Subscribe, RequestId = 1, Uri = "sensors.env.temperature"u8 }));
        }

        _publish = _realm.Encode(WampSerializer.Cbor, new RequestMessage
        {
            Type = WampMessageType.Publish,
            RequestId = 1,
            Uri = "sensors.env.temperature"u8,
            Payload = new EncodedPayload(WampSerializer.Cbor, BenchmarkRealm.SensorPayload(), 2),
        });

        // Check the setup routes what it should before measuring it.
        long before = _subscribers[0].Messages;
        _publishers[0].Receive(_publish);
        if (_subscribers[0].Messages != before + 1)
        {
            throw new InvalidOperationException("the benchmark publish was not delivered");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _realm.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * MessagesPerPublisher)]
    public void InlineUnderRealmLock()
    {
        Task first = Task.Run(() => PublishInline(_publishers[0]));
        Task second = Task.Run(() => PublishInline(_publishers[1]));
        Task.WaitAll(first, second);
    }

    [Benchmark(OperationsPerInvoke = 2 * MessagesPerPublisher)]
    public void RoutingLoopFedByQueue()
    {
        var queue = Channel.CreateBounded<(WampSession Session, byte[] Frame, int Length)>(new BoundedChannelOptions(1024) { SingleReader = true });
        Task router = Task.Run(async () =>
        {
            await foreach ((WampSession session, byte[] frame, int length) in queue.Reader.ReadAllAsync())
            {
                session.Receive(frame.AsSpan(0, length));
                ArrayPool<byte>.Shared.Return(frame);
            }
        });
        Task first = Task.Run(() => PublishQueued(_publishers[0], queue.Writer));
        Task second = Task.Run(() => PublishQueued(_publishers[1], queue.Writer));
        Task.WaitAll(first, second);
        queue.Writer.Complete();
        router.Wait();
    }

    private void PublishInline(WampSession publisher)
    {
        for (int i = 0; i < MessagesPerPublisher; i++)
        {
            publisher.Receive(_publish);
        }
    }

    private async Task PublishQueued(WampSession publisher, ChannelWriter<(WampSession, byte[], int)> queue)
    {
        for (int i = 0; i < MessagesPerPublisher; i++)
        {
            byte[] frame = ArrayPool<byte>.Shared.Rent(_publish.Length);
            _publish.CopyTo(frame, 0);
            await queue.WriteAsync((publisher, frame, _publish.Length));
        }
    }
}
