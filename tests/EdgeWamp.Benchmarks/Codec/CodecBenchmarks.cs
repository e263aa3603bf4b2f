using BenchmarkDotNet.Attributes;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Benchmarks.Codec;

/// <summary>
/// Encode and decode of each WAMP message type in each serializer. Decoding is the router's header decoder (it
/// validates the whole message and leaves the payload encoded); encoding writes the whole message. Both allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly OutputBuffer _output = new();
    private readonly byte[] _scratch = new byte[WampHeaderDecoder.ScratchLength];
    private byte[] _encoded = null!;

    public static IEnumerable<string> MessageNames => MessageSamples.Names;

    [ParamsSource(nameof(MessageNames))]
    public string Message { get; set; } = "Publish";

    [Params(WampSerializer.Cbor, WampSerializer.MsgPack, WampSerializer.Json, WampSerializer.UbJson)]
    public WampSerializer Serializer { get; set; } = WampSerializer.Cbor;

    [GlobalSetup]
    public void Setup()
    {
        _encoded = MessageSamples.Encoded(Serializer, Message);
        if (WampHeaderDecoder.TryDecode(Serializer, _encoded, _scratch, out _) != DecodeStatus.Ok)
        {
            throw new InvalidOperationException($"the sample {Message} in {Serializer} does not decode");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public int Encode()
    {
        _output.Clear();
        return MessageSamples.Encode(_output, Serializer, Message);
    }

    [Benchmark]
    public DecodeStatus Decode() => WampHeaderDecoder.TryDecode(Serializer, _encoded, _scratch, out _);
}
