namespace EdgeWamp.Host.Configuration;

/// <summary>One value of a line: where it is, what it is called, its type, its unit and its conversion.</summary>
internal sealed class LineFieldConfig
{
    /// <summary>The key (<c>keyvalue</c>), the named group (<c>regex</c>) or the quantity (<c>nmea</c>: latitude, longitude, altitude, ...).</summary>
    /// <remarks>Required.</remarks>
    public required string Key { get; set; }

    /// <summary>The last component of the topic.</summary>
    /// <remarks>Defaults to <see cref="Key"/>.</remarks>
    public string? Quantity { get; set; }

    /// <summary>One of <see cref="ConfigVocabulary.FieldTypes"/>.</summary>
    /// <remarks>Defaults to <c>"number"</c>.</remarks>
    public string Type { get; set; } = ConfigVocabulary.FieldNumber;

    /// <summary>The unit published with the value after conversion, e.g. <c>"K"</c>, <c>"Pa"</c>, <c>"m/s"</c>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? Unit { get; set; }

    /// <summary>Numbers only: the published value is <c>raw * scale + offset</c> (e.g. hPa to Pa: scale 100).</summary>
    /// <remarks>Defaults to 1.</remarks>
    public double Scale { get; set; } = 1;

    /// <summary>Numbers only: added after scaling (e.g. degrees Celsius to kelvin: offset 273.15).</summary>
    /// <remarks>Defaults to 0.</remarks>
    public double Offset { get; set; }
}
