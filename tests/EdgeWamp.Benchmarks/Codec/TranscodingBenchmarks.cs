using BenchmarkDotNet.Attributes;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Benchmarks.Codec;

/// <summary>
/// An EVENT whose payload arrived in one serializer, encoded for a subscriber of another: the payload is transcoded
/// reader to writer, streaming, with no object model in between (PayloadTranscoder). Same-serializer pairs copy bytes.
/// </summary>
[MemoryDiagnoser]
public class TranscodingBenchmarks
{
    private readonly OutputBuffer _output = new();
    private readonly byte[] _scratch = new byte[WampHeaderDecoder.ScratchLength];
    private byte[] _publish = null!;

    [Params(WampSerializer.Cbor, WampSerializer.MsgPack, WampSerializer.Json, WampSerializer.UbJson)]
    public WampSerializer From { get; set; } = WampSerializer.Cbor;

    [Params(WampSerializer.Cbor, WampSerializer.MsgPack, WampSerializer.Json, WampSerializer.UbJson)]
    public WampSerializer To { get; set; } = WampSerializer.Json;

    [GlobalSetup]
    public void Setup() => _publish = MessageSamples.Encoded(From, "Publish");

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public int PublishToEvent()
    {
        if (WampHeaderDecoder.TryDecode(From, _publish, _scratch, out MessageHeader header) != DecodeStatus.Ok)
        {
            return -1;
        }

        _output.Clear();
        return WampEncoder.Encode(_output, To, new EventMessage
        {
            SubscriptionId = 5_512_315_355,
            PublicationId = 2_251_799_813_685_248,
            Topic = header.Text,
            Payload = header.EncodedPayload,
        });
    }
}
