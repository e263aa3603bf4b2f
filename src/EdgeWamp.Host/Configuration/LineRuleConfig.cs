namespace EdgeWamp.Host.Configuration;

/// <summary>One way to read a line: <c>key=value</c> pairs, a regular expression, or NMEA 0183 sentences.</summary>
internal sealed class LineRuleConfig
{
    /// <summary>One of <see cref="ConfigVocabulary.LineFormats"/>.</summary>
    /// <remarks>Required.</remarks>
    public required string Format { get; set; }

    /// <summary>The topic prefix: each value is published to <c>topic + "." + quantity</c>, e.g. <c>sensors.weather</c>.</summary>
    /// <remarks>Required.</remarks>
    public required string Topic { get; set; }

    /// <summary>The regular expression (format <c>regex</c>); its named groups are the fields' keys.</summary>
    /// <remarks>Defaults to none; required with format <c>regex</c> only.</remarks>
    public string? Pattern { get; set; }

    /// <summary>The values to publish and how to convert them.</summary>
    /// <remarks>
    /// Defaults to none, which publishes every value found: numbers as numbers, anything else as text, with no unit
    /// (for NMEA: every quantity of GGA and RMC, in SI units).
    /// </remarks>
    public IReadOnlyList<LineFieldConfig> Fields { get; set; } = [];
}
