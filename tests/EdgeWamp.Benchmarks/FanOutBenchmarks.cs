using BenchmarkDotNet.Attributes;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Benchmarks;

/// <summary>
/// Fan-out encoding (RealmOutput): one PUBLISH to N subscribers of one topic. The EVENT is encoded once per serializer
/// in use and the same bytes are copied to every subscriber, so with one serializer the cost per subscriber is a copy;
/// "mixed" spreads the subscribers over all four serializers (four encodes, three of them transcoding).
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private static readonly WampSerializer[] AllSerializers = [WampSerializer.Cbor, WampSerializer.MsgPack, WampSerializer.Json, WampSerializer.UbJson];

    private BenchmarkRealm _realm = null!;
    private WampSession _publisher = null!;
    private InMemoryConnection[] _subscribers = null!;
    private byte[] _publish = null!;

    [Params(1, 10, 100)]
    public int Subscribers { get; set; }

    [Params("cbor", "mixed")]
    public string Serializers { get; set; } = "cbor";

    [GlobalSetup]
    public void Setup()
    {
        _realm = new BenchmarkRealm();
        _publisher = _realm.Join(WampSerializer.Cbor).Session;
        _subscribers = new InMemoryConnection[Subscribers];
        for (int i = 0; i < Subscribers; i++)
        {
            WampSerializer serializer = Serializers == "mixed" ? AllSerializers[i % AllSerializers.Length] : WampSerializer.Cbor;
            (WampSession subscriber, _subscribers[i]) = _realm.Join(serializer);
            subscriber.Receive(_realm.Encode(serializer, new RequestMessage { Type = WampMessageType.Subscribe, RequestId = 1, Uri = "sensors.env.temperature"u8 }));
        }

        _publish = _realm.Encode(WampSerializer.Cbor, new RequestMessage
        {
            Type = WampMessageType.Publish,
            RequestId = 1,
            Uri = "sensors.env.temperature"u8,
            Payload = new EncodedPayload(WampSerializer.Cbor, BenchmarkRealm.SensorPayload(), 2),
        });

        long before = _subscribers[^1].Messages;
        _publisher.Receive(_publish);
        if (_subscribers[^1].Messages != before + 1)
        {
            throw new InvalidOperationException("the last subscriber got no event");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _realm.Dispose();

    [Benchmark]
    public void PublishToAll() => _publisher.Receive(_publish);
}
