using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router;

/// <summary>
/// Encodes the realm's outgoing messages into reusable buffers: one scratch buffer for single messages, and one
/// buffer per serializer for fan-out, so an EVENT is encoded once per serializer and the same bytes go to every subscriber.
/// </summary>
/// <remarks>Used only under the realm's lock, which is what makes sharing these buffers safe.</remarks>
internal sealed class RealmOutput : IDisposable
{
    // Indexed by WampSerializer (Json = 1, MsgPack = 2, Cbor = 3, UbJson = 4).
    private const int SerializerSlots = 5;

    private readonly OutputBuffer _single = new();
    private readonly OutputBuffer[] _fanOut = [new(), new(), new(), new(), new()];
    private readonly bool[] _fanOutEncoded = new bool[SerializerSlots];

    public WriteResult Send<TMessage>(WampSession recipient, in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        _single.Clear();
        WampEncoder.Encode(_single, recipient.Serializer, message);
        return recipient.Connection.TryWrite(_single.WrittenSpan);
    }

    /// <summary>[ERROR, REQUEST.Type, REQUEST.Request, {"message": text}, Error|uri] for a request the router refuses.</summary>
    public WriteResult SendError(WampSession recipient, WampMessageType requestType, ulong requestId, ReadOnlySpan<byte> error, ReadOnlySpan<byte> text) =>
        Send(recipient, new ErrorMessage { RequestType = requestType, RequestId = requestId, Error = error, Message = text });

    /// <summary>Starts a new publication: events encoded for the previous one are stale.</summary>
    public void BeginFanOut() => Array.Clear(_fanOutEncoded);

    /// <summary>Returns the event encoded in <paramref name="serializer"/>, encoding it on first use in this fan-out.</summary>
    public ReadOnlySpan<byte> GetFanOut<TMessage>(WampSerializer serializer, in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        OutputBuffer buffer = _fanOut[(int)serializer];
        if (!_fanOutEncoded[(int)serializer])
        {
            buffer.Clear();
            WampEncoder.Encode(buffer, serializer, message);
            _fanOutEncoded[(int)serializer] = true;
        }

        return buffer.WrittenSpan;
    }

    public void Dispose()
    {
        _single.Dispose();
        foreach (OutputBuffer buffer in _fanOut)
        {
            buffer.Dispose();
        }
    }
}
