using BenchmarkDotNet.Attributes;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Benchmarks;

/// <summary>
/// Lookup cost against the number of subscriptions (issue 3, "Indexes that scale"): a realm holds N subscriptions of one
/// match policy, and a PUBLISH matches exactly one of them. The time per publish should not grow with N.
/// </summary>
[MemoryDiagnoser]
public class SubscriptionLookupBenchmarks
{
    private BenchmarkRealm _realm = null!;
    private WampSession _publisher = null!;
    private InMemoryConnection _subscriber = null!;
    private byte[] _publish = null!;

    [Params(10, 1_000, 100_000)]
    public int Subscriptions { get; set; }

    [Params("exact", "prefix", "wildcard")]
    public string Match { get; set; } = "exact";

    [GlobalSetup]
    public void Setup()
    {
        _realm = new BenchmarkRealm();
        _publisher = _realm.Join(WampSerializer.Cbor).Session;
        (WampSession subscriber, _subscriber) = _realm.Join(WampSerializer.Cbor);
        byte[] options = EncodeMatchOption(Match);
        for (int i = 0; i < Subscriptions; i++)
        {
            string pattern = Match switch
            {
                "prefix" => $"sensors.s{i}.",
                "wildcard" => $"sensors..t{i}",
                _ => $"sensors.s{i}.temperature",
            };
            subscriber.Receive(_realm.Encode(WampSerializer.Cbor, new RequestMessage
            {
                Type = WampMessageType.Subscribe,
                RequestId = (ulong)i + 1,
                Options = new EncodedMap(WampSerializer.Cbor, options),
                Uri = System.Text.Encoding.UTF8.GetBytes(pattern),
            }));
        }

        int target = Subscriptions / 2;
        string topic = Match == "wildcard" ? $"sensors.board.t{target}" : $"sensors.s{target}.temperature";
        _publish = _realm.Encode(WampSerializer.Cbor, new RequestMessage
        {
            Type = WampMessageType.Publish,
            RequestId = 1,
            Uri = System.Text.Encoding.UTF8.GetBytes(topic),
            Payload = new EncodedPayload(WampSerializer.Cbor, BenchmarkRealm.SensorPayload(), 2),
        });

        // Check the setup: one publish reaches exactly one subscription.
        long before = _subscriber.Messages;
        _publisher.Receive(_publish);
        if (_subscriber.Messages != before + 1)
        {
            throw new InvalidOperationException($"expected one event, got {_subscriber.Messages - before}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _realm.Dispose();

    [Benchmark]
    public void PublishMatchingOneOfN() => _publisher.Receive(_publish);

    internal static byte[] EncodeMatchOption(string match)
    {
        using var buffer = new EdgeWamp.Protocol.Buffers.OutputBuffer();
        var writer = new EdgeWamp.Protocol.Serialization.Cbor.CborWriter(buffer);
        writer.WriteStartMap(1);
        writer.WritePropertyName("match"u8);
        writer.WriteString(System.Text.Encoding.UTF8.GetBytes(match));
        return buffer.WrittenSpan.ToArray();
    }
}
