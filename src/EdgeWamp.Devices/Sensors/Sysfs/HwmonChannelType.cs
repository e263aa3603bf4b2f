namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// A hwmon channel type, its value attributes and the factor from its sysfs unit to the published one
/// (Documentation/hwmon/sysfs-interface.rst).
/// </summary>
internal sealed record HwmonChannelType(string Type, string Unit, double Factor, string[] Attributes)
{
    /// <summary>In the order discovered channels are listed.</summary>
    public static readonly HwmonChannelType[] Known =
    [
        new("temp", SensorUnits.Celsius, 0.001, ["input"]), // millidegree Celsius
        new("humidity", SensorUnits.RelativeHumidity, 0.001, ["input"]), // milli-percent
        new("in", SensorUnits.Volt, 0.001, ["input"]), // millivolt
        new("curr", SensorUnits.Ampere, 0.001, ["input"]), // milliampere
        new("power", SensorUnits.Watt, 0.000001, ["input", "average"]), // microwatt; many drivers offer only the average
        new("fan", SensorUnits.Rpm, 1, ["input"]), // revolutions per minute
    ];

    /// <summary>Parses a channel such as <c>temp1</c> or <c>in0</c>: a known type followed by its number.</summary>
    public static HwmonChannelType? Of(string channel)
    {
        foreach (HwmonChannelType known in Known)
        {
            if (channel.Length > known.Type.Length
                && channel.StartsWith(known.Type, StringComparison.Ordinal)
                && channel.AsSpan(known.Type.Length).IndexOfAnyExceptInRange('0', '9') < 0)
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>The channel number, for ordering (<c>in2</c> before <c>in10</c>).</summary>
    public int Number(string channel) => int.Parse(channel.AsSpan(Type.Length), System.Globalization.CultureInfo.InvariantCulture);
}
