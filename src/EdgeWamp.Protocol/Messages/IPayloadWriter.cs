using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

/// <summary>A payload the router composes itself (meta API results and events), written straight into any serializer.</summary>
public interface IPayloadWriter
{
    /// <summary>0 (no payload), 1 (Arguments) or 2 (Arguments and ArgumentsKw).</summary>
    int Count { get; }

    /// <summary>Writes <see cref="Count"/> items: the Arguments list, then the ArgumentsKw map if any.</summary>
    void WriteItems<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter;
}
