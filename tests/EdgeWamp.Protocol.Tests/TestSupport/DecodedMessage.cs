using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Tests.TestSupport;

/// <summary>A copy of a <see cref="MessageHeader"/> (a ref struct of spans) that tests can keep and compare.</summary>
internal sealed record DecodedMessage(
    WampSerializer Serializer,
    WampMessageType Type,
    WampMessageType RequestType,
    ulong FirstId,
    ulong SecondId,
    byte[] Text,
    byte[] Details,
    byte[] Payload,
    int PayloadCount)
{
    public string TextString => Encoding.UTF8.GetString(Text);

    public static DecodedMessage From(in MessageHeader header) => new(
        header.Serializer,
        header.Type,
        header.RequestType,
        header.FirstId,
        header.SecondId,
        header.Text.ToArray(),
        header.Details.ToArray(),
        header.Payload.ToArray(),
        header.PayloadCount);

    /// <summary>Runs <see cref="WampHeaderDecoder.TryDecode"/> and copies the header out.</summary>
    public static DecodeStatus TryDecode(WampSerializer serializer, ReadOnlySpan<byte> message, out DecodedMessage? decoded)
    {
        Span<byte> scratch = new byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus status = WampHeaderDecoder.TryDecode(serializer, message, scratch, out MessageHeader header);
        decoded = status == DecodeStatus.Ok ? From(header) : null;
        return status;
    }

    /// <summary>Decodes and fails the test unless the status is <see cref="DecodeStatus.Ok"/>.</summary>
    public static DecodedMessage Decode(WampSerializer serializer, ReadOnlySpan<byte> message)
    {
        DecodeStatus status = TryDecode(serializer, message, out DecodedMessage? decoded);
        Assert.True(status == DecodeStatus.Ok, $"{serializer} {Hex.Format(message)} decoded as {status}");
        return decoded!;
    }
}
