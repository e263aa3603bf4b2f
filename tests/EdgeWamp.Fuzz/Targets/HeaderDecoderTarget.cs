using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Fuzz.Targets;

/// <summary>
/// <see cref="WampHeaderDecoder"/> for one serializer: any input decodes to a status, never an exception; a decoded
/// header only points into the input or the scratch, and its Details answer lookups without throwing.
/// </summary>
public sealed class HeaderDecoderTarget : IFuzzTarget
{
    private readonly WampSerializer _serializer;
    private long _decoded;

    public HeaderDecoderTarget(WampSerializer serializer, SeedCorpus corpus)
    {
        _serializer = serializer;
        Seeds = corpus.MessagesOf(serializer);
        Name = $"decoder-{serializer.ToString().ToLowerInvariant()}";
    }

    public string Name { get; }

    public IReadOnlyList<byte[]> Seeds { get; }

    public string Coverage => $"{_decoded:N0} decoded";

    public void Run(ReadOnlySpan<byte> input)
    {
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus status = WampHeaderDecoder.TryDecode(_serializer, input, scratch, out MessageHeader header);
        if (status != DecodeStatus.Ok)
        {
            return;
        }

        _decoded++;
        if (!Enum.IsDefined(header.Type))
        {
            FuzzInvariantException.Fail($"decoded an undefined message type {(int)header.Type}");
        }

        if (header.PayloadCount is < 0 or > 2)
        {
            FuzzInvariantException.Fail($"payload count {header.PayloadCount}");
        }

        if (header.FirstId > WampHeaderDecoder.MaxId || header.SecondId > WampHeaderDecoder.MaxId)
        {
            FuzzInvariantException.Fail("an id above 2^53 was accepted");
        }

        CheckInside(header.Details, input, "Details");
        CheckInside(header.Payload, input, "Payload");

        // The lookups the router makes on Options and Details.
        DetailsReader details = header.DetailsReader;
        details.TryGetKind("roles"u8, out _);
        details.TryGetBoolean("acknowledge"u8, out _);
        details.TryGetUInt64("timeout"u8, out _);
        details.TryGetString("match"u8, scratch, out _);
        details.ListContainsString("authmethods"u8, "anonymous"u8);
        details.ListContainsUInt64("exclude"u8, 1);
        if (details.TryGetMap("roles"u8, out DetailsReader roles))
        {
            roles.TryGetMap("subscriber"u8, out _);
        }

        if (header.Type == WampMessageType.Call || header.Type == WampMessageType.Publish)
        {
            var arguments = new ArgumentsReader(header.EncodedPayload);
            _ = arguments.ArgumentCount;
            arguments.TryGetUInt64(0, out _);
            arguments.TryGetString(0, scratch, out _);
            arguments.TryGetKind(1, out _);
            arguments.TrySplit(out _, out _);
            arguments.Keywords.TryGetKind("key"u8, out _);
        }
    }

    private static void CheckInside(ReadOnlySpan<byte> part, ReadOnlySpan<byte> input, string what)
    {
        if (part.IsEmpty)
        {
            return;
        }

        if (!input.Overlaps(part, out int offset) || offset < 0 || offset + part.Length > input.Length)
        {
            FuzzInvariantException.Fail($"{what} points outside the message");
        }
    }
}
