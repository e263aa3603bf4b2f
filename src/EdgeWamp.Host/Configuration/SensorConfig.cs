namespace EdgeWamp.Host.Configuration;

/// <summary>One sensor in a board file or in <c>devices.sensors</c> (docs/devices.md, "Sensors").</summary>
internal sealed class SensorConfig
{
    /// <summary>The sensor's name in URIs (<c>sensors.&lt;name&gt;.&lt;quantity&gt;</c>): letters, digits and <c>_</c>.</summary>
    public required string Name { get; set; }

    /// <summary>The driver: <c>sim</c>, <c>iio</c>, <c>hwmon</c>, <c>thermal</c>, <c>w1</c>, <c>bme280</c>, <c>sht3x</c>, <c>ads1115</c>, <c>bh1750</c>.</summary>
    public required string Driver { get; set; }

    /// <summary>Driver settings, each value a string (<c>"bus": "1"</c>, <c>"address": "0x76"</c>).</summary>
    /// <remarks>Defaults to none.</remarks>
    public Dictionary<string, string> Options { get; set; } = [];

    /// <summary>How often the sensor is read, in ms.</summary>
    /// <remarks>Defaults to 5000.</remarks>
    public int PollIntervalMs { get; set; } = 5000;

    /// <summary>Publish a quantity only when it moved at least this far (in its unit) since it was last published.</summary>
    /// <remarks>Defaults to none: every reading is published (unless <c>publishEverySeconds</c> alone is set).</remarks>
    public double? Threshold { get; set; }

    /// <summary>Per-quantity thresholds (<c>{"temperature": 0.1}</c>), taking precedence over <c>threshold</c>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public Dictionary<string, double> Thresholds { get; set; } = [];

    /// <summary>Publish each quantity at least this often, in seconds, even when it did not pass its threshold.</summary>
    /// <remarks>Defaults to none.</remarks>
    public int? PublishEverySeconds { get; set; }

    /// <summary>False removes a board sensor of the same name.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool Enabled { get; set; } = true;
}
