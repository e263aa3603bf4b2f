using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Router.Broker;

/// <summary>
/// An event kept by the broker (retained, or in a subscription's history): its publication, topic and payload as
/// encoded by the publisher. The buffers are reused when the slot is overwritten, so keeping events allocates
/// nothing once they have reached their size.
/// </summary>
internal sealed class StoredEvent
{
    private byte[] _topic = [];
    private byte[] _payload = [];
    private byte[] _options = [];
    private int _topicLength;
    private int _payloadLength;
    private int _optionsLength;

    public ulong PublicationId { get; private set; }

    public DateTimeOffset Timestamp { get; private set; }

    public WampSerializer Serializer { get; private set; }

    public int PayloadCount { get; private set; }

    public ReadOnlySpan<byte> Topic => _topic.AsSpan(0, _topicLength);

    public EncodedPayload Payload => new(Serializer, _payload.AsSpan(0, _payloadLength), PayloadCount);

    /// <summary>The PUBLISH's Options, kept to apply its black/whitelists and passthru details again on delivery.</summary>
    public DetailsReader Options => new(Serializer, _options.AsSpan(0, _optionsLength));

    /// <summary>The publisher's role's trust level at publication.</summary>
    public int? TrustLevel { get; private set; }

    public void Set(ulong publicationId, DateTimeOffset timestamp, ReadOnlySpan<byte> topic, EncodedPayload payload, ReadOnlySpan<byte> options, int? trustLevel)
    {
        PublicationId = publicationId;
        Timestamp = timestamp;
        Serializer = payload.Serializer;
        PayloadCount = payload.Count;
        TrustLevel = trustLevel;
        _topicLength = CopyInto(ref _topic, topic);
        _payloadLength = CopyInto(ref _payload, payload.Bytes);
        _optionsLength = CopyInto(ref _options, options);
    }

    private static int CopyInto(ref byte[] buffer, ReadOnlySpan<byte> value)
    {
        if (buffer.Length < value.Length)
        {
            buffer = new byte[Math.Max(value.Length, buffer.Length * 2)];
        }

        value.CopyTo(buffer);
        return value.Length;
    }
}
