using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>A message the router wrote, decoded with <see cref="WampHeaderDecoder"/> and copied out so tests can keep it.</summary>
internal sealed class ReceivedMessage
{
    private ReceivedMessage(WampSerializer serializer, in MessageHeader header, byte[] encoded)
    {
        Serializer = serializer;
        Type = header.Type;
        RequestType = header.RequestType;
        FirstId = header.FirstId;
        SecondId = header.SecondId;
        Text = Encoding.UTF8.GetString(header.Text);
        Details = header.Details.ToArray();
        Payload = header.Payload.ToArray();
        PayloadCount = header.PayloadCount;
        Encoded = encoded;
    }

    public WampSerializer Serializer { get; }

    public WampMessageType Type { get; }

    /// <summary>ERROR only: the type of the request the error answers.</summary>
    public WampMessageType RequestType { get; }

    public ulong FirstId { get; }

    public ulong SecondId { get; }

    /// <summary>The URI or string element (reason, error, ...), empty when the message has none.</summary>
    public string Text { get; }

    /// <summary>The Details map as encoded, empty when the message has none.</summary>
    public byte[] Details { get; }

    /// <summary>Arguments and ArgumentsKw exactly as encoded (JSON: with the comma between them).</summary>
    public byte[] Payload { get; }

    public int PayloadCount { get; }

    /// <summary>The whole message as the router wrote it.</summary>
    public byte[] Encoded { get; }

    public Dictionary<string, object?> DetailsMap =>
        Details.Length == 0 ? [] : Assert.IsType<Dictionary<string, object?>>(WampValue.Decode(Serializer, Details));

    /// <summary>The decoded payload items: none, [Arguments] or [Arguments, ArgumentsKw].</summary>
    public List<object?> PayloadItems => WampValue.DecodeItems(Serializer, Payload, PayloadCount);

    public static ReceivedMessage Decode(WampSerializer serializer, byte[] encoded)
    {
        Span<byte> scratch = new byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus status = WampHeaderDecoder.TryDecode(serializer, encoded, scratch, out MessageHeader header);
        Assert.True(status == DecodeStatus.Ok, $"the router wrote a {serializer} message that does not decode ({status}): {Convert.ToHexString(encoded)}");
        return new ReceivedMessage(serializer, header, encoded);
    }

    public override string ToString() => $"{Type} {RequestType} {FirstId} {SecondId} '{Text}' ({Serializer}, {Encoded.Length} bytes)";
}
