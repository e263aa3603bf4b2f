namespace EdgeWamp.Devices.Lines;

/// <summary>One value to publish from a matched line, and how to convert it.</summary>
public sealed class LineField
{
    /// <summary>The key, named group, or NMEA quantity that holds the value.</summary>
    public required string Key { get; init; }

    /// <summary>The topic's last component.</summary>
    /// <remarks>Defaults to <see cref="Key"/>.</remarks>
    public string? Quantity { get; init; }

    /// <remarks>Defaults to <see cref="LineValueType.Number"/>.</remarks>
    public LineValueType Type { get; init; } = LineValueType.Number;

    /// <summary>The unit published with the converted value.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? Unit { get; init; }

    /// <summary>Numbers: published value = raw * Scale + Offset.</summary>
    /// <remarks>Defaults to 1.</remarks>
    public double Scale { get; init; } = 1;

    /// <remarks>Defaults to 0.</remarks>
    public double Offset { get; init; }
}
