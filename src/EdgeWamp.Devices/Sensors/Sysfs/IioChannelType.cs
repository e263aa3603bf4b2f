namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// An IIO channel type and how its ABI unit converts to the published one
/// (Documentation/ABI/testing/sysfs-bus-iio: "Units after application of scale and offset are ...").
/// </summary>
internal sealed record IioChannelType(string Type, string Quantity, string Unit, double Factor)
{
    /// <summary>Longest type first, so "humidityrelative" is never taken for a shorter prefix.</summary>
    private static readonly IioChannelType[] Known =
    [
        new("humidityrelative", "humidity", SensorUnits.RelativeHumidity, 0.001), // milli percent
        new("illuminance", "illuminance", SensorUnits.Lux, 1), // lux
        new("pressure", "pressure", SensorUnits.Pascal, 1000), // kilopascal
        new("voltage", "voltage", SensorUnits.Volt, 0.001), // millivolts
        new("current", "current", SensorUnits.Ampere, 0.001), // milliamps
        new("power", "power", SensorUnits.Watt, 0.001), // milliwatts
        new("temp", "temperature", SensorUnits.Celsius, 0.001), // milli degrees Celsius
    ];

    /// <summary>
    /// The type of a channel such as <c>temp</c>, <c>voltage0</c>, <c>voltage0-voltage1</c> or <c>temp_ambient</c>:
    /// the letters before the first index, modifier or differential partner.
    /// </summary>
    public static IioChannelType? Of(string channel)
    {
        int end = 0;
        while (end < channel.Length && char.IsAsciiLetterLower(channel[end]))
        {
            end++;
        }

        ReadOnlySpan<char> type = channel.AsSpan(0, end);
        foreach (IioChannelType known in Known)
        {
            if (type.SequenceEqual(known.Type))
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>The published quantity name: <c>temp</c> → <c>temperature</c>, <c>voltage0-voltage1</c> → <c>voltage0_voltage1</c>.</summary>
    public string QuantityName(string channel) => (Quantity + channel[Type.Length..]).Replace('-', '_');
}
