namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// One sensor as the <see cref="SensorPublisher"/> serves it: its driver, its URIs and when to publish
/// (docs/devices.md, "Sensors").
/// </summary>
public sealed class PublishedSensor
{
    /// <summary>The name in logs and config (<c>env</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Reads the hardware; the publisher owns and disposes it.</summary>
    public required ISensorDriver Driver { get; init; }

    /// <summary>Prefix of each quantity's topic, e.g. <c>sensors.env.</c> (then <c>sensors.env.temperature</c>).</summary>
    public required string TopicPrefix { get; init; }

    /// <summary>The procedure that returns the latest reading of every quantity, e.g. <c>sensors.env.read</c>.</summary>
    public required string ReadProcedure { get; init; }

    /// <summary>Where read failures and recoveries are published, e.g. <c>sensors.env.status</c>.</summary>
    public required string StatusTopic { get; init; }

    /// <summary>How often the driver is read.</summary>
    /// <remarks>Defaults to 5 s.</remarks>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Publish a quantity only when it moved at least this far from its last published value (in its unit);
    /// null publishes every reading (unless <see cref="PublishEvery"/> alone is set).
    /// </summary>
    public double? Threshold { get; init; }

    /// <summary>Per-quantity thresholds, by quantity name; they take precedence over <see cref="Threshold"/>.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>Publish each quantity at least this often even when it did not move past its threshold.</summary>
    public TimeSpan? PublishEvery { get; init; }

    /// <summary>The threshold that applies to <paramref name="quantity"/>, or null when none is set.</summary>
    public double? ThresholdOf(string quantity) => Thresholds.TryGetValue(quantity, out double threshold) ? threshold : Threshold;
}
