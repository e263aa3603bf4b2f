using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Protocol.Serialization.Json;
using EdgeWamp.Protocol.Serialization.MsgPack;
using EdgeWamp.Protocol.Serialization.UbJson;

namespace EdgeWamp.Protocol.Codec;

/// <summary>Encodes an outgoing message in a chosen serializer: a new header, and the payload copied (or transcoded) from its source.</summary>
public static class WampEncoder
{
    /// <summary>Appends <paramref name="message"/> to <paramref name="output"/> and returns its encoded length.</summary>
    public static int Encode<TMessage>(OutputBuffer output, WampSerializer serializer, in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        int start = output.WrittenCount;
        switch (serializer)
        {
            case WampSerializer.Cbor:
                {
                    var writer = new CborWriter(output);
                    message.WriteTo(ref writer);
                    break;
                }

            case WampSerializer.MsgPack:
                {
                    var writer = new MsgPackWriter(output);
                    message.WriteTo(ref writer);
                    break;
                }

            case WampSerializer.Json:
                {
                    var writer = new JsonWriter(output);
                    message.WriteTo(ref writer);
                    break;
                }

            case WampSerializer.UbJson:
                {
                    var writer = new UbJsonWriter(output);
                    message.WriteTo(ref writer);
                    break;
                }

            default:
                ThrowHelper.ThrowUnknownSerializer(serializer);
                break;
        }

        return output.WrittenCount - start;
    }
}
