using System.Text.Json;
using EdgeWamp.Client;
using System.Buffers;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Host.Uplinks;

/// <summary>The kwargs of the uplink's status events and of its status procedure, written as JSON (no reflection).</summary>
internal static class UplinkStatusPayload
{
    /// <summary>edgewamp.uplink.&lt;name&gt;.state: {"state": "online", "reason": "..."}.</summary>
    public static WampPayload State(UplinkState state, string reason) => Write(writer =>
    {
        writer.WriteString("state", Name(state));
        writer.WriteString("reason", reason);
    });

    /// <summary>edgewamp.uplink.&lt;name&gt;.queue: {"depth": n, "bytes": n, "dropped": n}.</summary>
    public static WampPayload Queue(UplinkSnapshot snapshot) => Write(writer => WriteQueue(writer, snapshot));

    /// <summary>edgewamp.uplink.&lt;name&gt;.status: everything an operator asks first.</summary>
    public static WampPayload Build(Uplink uplink, UplinkSnapshot snapshot) => Write(writer =>
    {
        writer.WriteString("name", uplink.Name);
        writer.WriteString("state", Name(snapshot.State));
        writer.WriteString("reason", snapshot.Reason);
        writer.WriteStartObject("queue");
        WriteQueue(writer, snapshot);
        writer.WriteEndObject();
        UplinkCounters counters = uplink.Counters;
        writer.WriteStartObject("counters");
        writer.WriteNumber("forwarded", counters.Forwarded);
        writer.WriteNumber("delivered", counters.Delivered);
        writer.WriteNumber("callsUp", counters.CallsUp);
        writer.WriteNumber("callsDown", counters.CallsDown);
        writer.WriteNumber("droppedOffline", counters.DroppedOffline);
        writer.WriteNumber("rejected", counters.Rejected);
        writer.WriteNumber("connects", counters.Connects);
        writer.WriteEndObject();
    });

    public static string Name(UplinkState state) => state switch
    {
        UplinkState.Connecting => "connecting",
        UplinkState.Online => "online",
        _ => "offline",
    };

    private static void WriteQueue(Utf8JsonWriter writer, UplinkSnapshot snapshot)
    {
        writer.WriteNumber("depth", snapshot.QueueDepth);
        writer.WriteNumber("bytes", snapshot.QueueBytes);
        writer.WriteNumber("dropped", snapshot.Dropped);
    }

    private static WampPayload Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        // The payload is two JSON items: an empty Arguments list, then the ArgumentsKw object.
        buffer.Write("[],"u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return new WampPayload(WampSerializer.Json, buffer.WrittenMemory.ToArray(), 2);
    }
}
