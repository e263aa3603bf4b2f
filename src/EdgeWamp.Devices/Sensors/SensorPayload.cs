using System.Text;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Serialization.Cbor;

namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// Writes the CBOR payloads of sensor events and results (DESIGN.md, "URI conventions for the board"):
/// a reading is ArgumentsKw <c>{value, unit, ts}</c>, <c>ts</c> in Unix milliseconds.
/// </summary>
internal static class SensorPayload
{
    /// <summary>Arguments <c>[]</c>, ArgumentsKw <c>{value, unit, ts}</c>; returns the payload count (2).</summary>
    public static int WriteReading(OutputBuffer output, double value, byte[] unit, long timestamp)
    {
        var writer = new CborWriter(output);
        writer.WriteStartArray(0);
        writer.WriteEndArray();
        WriteReadingMap(ref writer, value, unit, timestamp);
        return 2;
    }

    /// <summary>
    /// The read procedure's result: Arguments <c>[]</c>, ArgumentsKw <c>{quantity: {value, unit, ts}, ...}</c> with
    /// every quantity that has a reading.
    /// </summary>
    public static int WriteReadings(OutputBuffer output, SensorState state)
    {
        int present = 0;
        for (int i = 0; i < state.Values.Length; i++)
        {
            present += state.ReadAt[i] == 0 ? 0 : 1;
        }

        var writer = new CborWriter(output);
        writer.WriteStartArray(0);
        writer.WriteEndArray();
        writer.WriteStartMap(present);
        for (int i = 0; i < state.Values.Length; i++)
        {
            if (state.ReadAt[i] != 0)
            {
                writer.WritePropertyName(state.QuantityNames[i]);
                WriteReadingMap(ref writer, state.Values[i], state.Units[i], state.ReadAt[i]);
            }
        }

        writer.WriteEndMap();
        return 2;
    }

    /// <summary>Status events: <c>{status: "error", error, ts}</c> or <c>{status: "ok", ts}</c>.</summary>
    public static int WriteStatus(OutputBuffer output, string? error, long timestamp)
    {
        var writer = new CborWriter(output);
        writer.WriteStartArray(0);
        writer.WriteEndArray();
        writer.WriteStartMap(error is null ? 2 : 3);
        writer.WritePropertyName("status"u8);
        writer.WriteString(error is null ? "ok"u8 : "error"u8);
        if (error is not null)
        {
            writer.WritePropertyName("error"u8);
            writer.WriteString(Encoding.UTF8.GetBytes(error));
        }

        writer.WritePropertyName("ts"u8);
        writer.WriteInt64(timestamp);
        writer.WriteEndMap();
        return 2;
    }

    private static void WriteReadingMap(ref CborWriter writer, double value, byte[] unit, long timestamp)
    {
        writer.WriteStartMap(3);
        writer.WritePropertyName("value"u8);
        writer.WriteDouble(value);
        writer.WritePropertyName("unit"u8);
        writer.WriteString(unit);
        writer.WritePropertyName("ts"u8);
        writer.WriteInt64(timestamp);
        writer.WriteEndMap();
    }
}
