using System.Buffers.Binary;

namespace EdgeWamp.Transports.WebSocket;

/// <summary>
/// Cuts a batched WebSocket message into WAMP messages (WAMP spec, "Message Batching"): JSON messages each end with
/// 0x1E, binary ones each start with a 32-bit big-endian length. A batch of zero messages fails the transport.
/// </summary>
internal static class WebSocketBatch
{
    /// <summary>
    /// Takes the next message from <paramref name="batch"/>. Returns false at the end; sets <paramref name="valid"/>
    /// false when the batch is malformed (truncated, or a JSON batch without its final separator).
    /// </summary>
    public static bool TryTakeNext(ref ReadOnlySpan<byte> batch, bool json, out ReadOnlySpan<byte> message, out bool valid)
    {
        message = default;
        valid = true;
        if (batch.IsEmpty)
        {
            return false;
        }

        if (json)
        {
            int separator = batch.IndexOf(WebSocketSubprotocol.JsonRecordSeparator);
            if (separator < 0)
            {
                valid = false;
                return false;
            }

            message = batch[..separator];
            batch = batch[(separator + 1)..];
            return true;
        }

        if (batch.Length < WebSocketSubprotocol.LengthPrefixSize)
        {
            valid = false;
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(batch);
        if (length > (uint)(batch.Length - WebSocketSubprotocol.LengthPrefixSize))
        {
            valid = false;
            return false;
        }

        message = batch.Slice(WebSocketSubprotocol.LengthPrefixSize, (int)length);
        batch = batch[(WebSocketSubprotocol.LengthPrefixSize + (int)length)..];
        return true;
    }

    /// <summary>Whether a batch ended cleanly: nothing left over, and at least one message taken.</summary>
    public static bool IsValidEnd(ReadOnlySpan<byte> rest, int taken) => rest.IsEmpty && taken > 0;

    /// <summary>Writes one message framed for a batch of one into <paramref name="destination"/> (sized with FramingOverhead).</summary>
    public static void WriteSingle(Span<byte> destination, ReadOnlySpan<byte> message, WebSocketSubprotocol protocol)
    {
        if (!protocol.Batched)
        {
            message.CopyTo(destination);
            return;
        }

        if (protocol.Serializer == Protocol.Serialization.WampSerializer.Json)
        {
            message.CopyTo(destination);
            destination[message.Length] = WebSocketSubprotocol.JsonRecordSeparator;
            return;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)message.Length);
        message.CopyTo(destination[WebSocketSubprotocol.LengthPrefixSize..]);
    }
}
