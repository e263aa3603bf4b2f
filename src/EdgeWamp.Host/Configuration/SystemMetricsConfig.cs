namespace EdgeWamp.Host.Configuration;

/// <summary><c>devices.system</c>: the board's own health on <c>system.*</c> (docs/devices.md, "System metrics").</summary>
internal sealed class SystemMetricsConfig
{
    /// <summary>Whether <c>system.*</c> is published.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the metrics are read, in ms.</summary>
    /// <remarks>Defaults to 10000.</remarks>
    public int PollIntervalMs { get; set; } = 10_000;

    /// <summary>Publish a metric only when it moved at least this far; per metric in <c>thresholds</c>.</summary>
    /// <remarks>Defaults to none: every reading.</remarks>
    public double? Threshold { get; set; }

    /// <summary>Per-metric thresholds (<c>{"cpu.temperature": 0.5}</c>).</summary>
    /// <remarks>Defaults to none.</remarks>
    public Dictionary<string, double> Thresholds { get; set; } = [];

    /// <summary>Publish each metric at least this often, in seconds.</summary>
    /// <remarks>Defaults to none.</remarks>
    public int? PublishEverySeconds { get; set; }

    /// <summary>The file system whose <c>disk.used</c> and <c>disk.free</c> are published.</summary>
    /// <remarks>Defaults to <c>/</c>.</remarks>
    public string DiskPath { get; set; } = "/";
}
