using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

/// <summary>[RESULT, CALL.Request|id, Details|dict, Arguments|list, ArgumentsKw|dict] with a payload the router composes (meta procedures).</summary>
public readonly ref struct ComposedResultMessage<TPayload> : IWampMessage
    where TPayload : IPayloadWriter, allows ref struct
{
    public ulong RequestId { get; init; }

    public TPayload Payload { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3 + Payload.Count);
        writer.WriteUInt64((ulong)WampMessageType.Result);
        writer.WriteUInt64(RequestId);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        Payload.WriteItems(ref writer);
        writer.WriteEndArray();
    }
}
