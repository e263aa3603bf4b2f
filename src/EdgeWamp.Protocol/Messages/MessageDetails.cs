using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

/// <summary>Small Details maps shared by several messages.</summary>
internal static class MessageDetails
{
    public static void WriteEmpty<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartMap(0);
        writer.WriteEndMap();
    }

    /// <summary>{} or {"message": text}, as ABORT and GOODBYE allow.</summary>
    public static void WriteMessageOnly<TWriter>(ref TWriter writer, ReadOnlySpan<byte> message)
        where TWriter : struct, IWampWriter
    {
        if (message.IsEmpty)
        {
            WriteEmpty(ref writer);
            return;
        }

        writer.WriteStartMap(1);
        writer.WritePropertyName("message"u8);
        writer.WriteString(message);
        writer.WriteEndMap();
    }
}
