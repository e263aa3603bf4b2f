using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Fuzz.Targets;

/// <summary>
/// <see cref="PayloadTranscoder"/> from one serializer: whatever the decoder accepted is re-encoded (as a RESULT) into
/// every serializer without an exception, and each result decodes again with the same payload count.
/// </summary>
public sealed class PayloadTranscoderTarget : IFuzzTarget, IDisposable
{
    private static readonly WampSerializer[] Targets = [WampSerializer.Json, WampSerializer.MsgPack, WampSerializer.Cbor, WampSerializer.UbJson];

    private readonly WampSerializer _serializer;
    private long _transcoded;
    private readonly OutputBuffer _output = new(InputMutator.MaxLength * 4);

    public PayloadTranscoderTarget(WampSerializer serializer, SeedCorpus corpus)
    {
        _serializer = serializer;
        Seeds = corpus.MessagesOf(serializer);
        Name = $"transcoder-{serializer.ToString().ToLowerInvariant()}";
    }

    public string Name { get; }

    public IReadOnlyList<byte[]> Seeds { get; }

    public string Coverage => $"{_transcoded:N0} payloads transcoded";

    public void Run(ReadOnlySpan<byte> input)
    {
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        if (WampHeaderDecoder.TryDecode(_serializer, input, scratch, out MessageHeader header) != DecodeStatus.Ok || header.PayloadCount == 0)
        {
            return;
        }

        _transcoded++;
        Span<byte> again = stackalloc byte[WampHeaderDecoder.ScratchLength];
        foreach (WampSerializer target in Targets)
        {
            _output.Clear();
            WampEncoder.Encode(_output, target, new ResultMessage { RequestId = 1, Payload = header.EncodedPayload });
            DecodeStatus status = WampHeaderDecoder.TryDecode(target, _output.WrittenSpan, again, out MessageHeader result);
            if (status != DecodeStatus.Ok)
            {
                FuzzInvariantException.Fail($"the payload transcoded to {target} does not decode: {status}");
            }

            if (result.PayloadCount != header.PayloadCount)
            {
                FuzzInvariantException.Fail($"the payload transcoded to {target} has {result.PayloadCount} items, not {header.PayloadCount}");
            }
        }
    }

    public void Dispose() => _output.Dispose();
}
