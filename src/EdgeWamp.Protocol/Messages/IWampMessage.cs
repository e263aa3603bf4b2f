using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

/// <summary>An outgoing message: writes itself as one WAMP message array in any serializer.</summary>
public interface IWampMessage
{
    void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter;
}
