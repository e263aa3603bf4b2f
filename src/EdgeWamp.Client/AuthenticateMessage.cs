using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Client;

/// <summary>[AUTHENTICATE, Signature|string, Extra|dict] (WAMP spec, "Authentication"): the client's answer to CHALLENGE.</summary>
internal readonly ref struct AuthenticateMessage : IWampMessage
{
    public ReadOnlySpan<byte> Signature { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)WampMessageType.Authenticate);
        writer.WriteString(Signature);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteEndArray();
    }
}
