using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Serialization.Cbor;

namespace EdgeWamp.Devices.Gpio;

/// <summary>The CBOR payloads of GPIO events and results: ArgumentsKw <c>{value, ts}</c> or <c>{duty, frequency, ts}</c>.</summary>
internal static class GpioPayload
{
    /// <summary>Arguments <c>[]</c>, ArgumentsKw <c>{value: 0|1, ts}</c>; returns the payload count.</summary>
    public static int WriteLevel(OutputBuffer output, bool high, long timestamp)
    {
        var writer = new CborWriter(output);
        writer.WriteStartArray(0);
        writer.WriteEndArray();
        writer.WriteStartMap(2);
        writer.WritePropertyName("value"u8);
        writer.WriteInt64(high ? 1 : 0);
        writer.WritePropertyName("ts"u8);
        writer.WriteInt64(timestamp);
        writer.WriteEndMap();
        return 2;
    }

    /// <summary>Arguments <c>[]</c>, ArgumentsKw <c>{duty, frequency, ts}</c>; returns the payload count.</summary>
    public static int WritePwm(OutputBuffer output, double duty, int frequency, long timestamp)
    {
        var writer = new CborWriter(output);
        writer.WriteStartArray(0);
        writer.WriteEndArray();
        writer.WriteStartMap(3);
        writer.WritePropertyName("duty"u8);
        writer.WriteDouble(duty);
        writer.WritePropertyName("frequency"u8);
        writer.WriteInt64(frequency);
        writer.WritePropertyName("ts"u8);
        writer.WriteInt64(timestamp);
        writer.WriteEndMap();
        return 2;
    }
}
