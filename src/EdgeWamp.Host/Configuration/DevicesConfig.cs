namespace EdgeWamp.Host.Configuration;

/// <summary>
/// The <c>devices</c> section: pins and sensors added to the board's, or replacing a board entry of the same name,
/// and the system metrics (docs/devices.md).
/// </summary>
internal sealed class DevicesConfig
{
    /// <summary>The realm the device sessions join.</summary>
    /// <remarks>Defaults to the first realm in <c>realms</c>.</remarks>
    public string? Realm { get; set; }

    /// <summary>The role of <see cref="Realm"/> the device sessions get (they join with the router-internal method "trusted").</summary>
    /// <remarks>Defaults to none: the built-in role "trusted", allowed everything.</remarks>
    public string? Authrole { get; set; }

    /// <summary>Pins to add, or to replace the board's pin of the same name (<c>"enabled": false</c> removes it).</summary>
    /// <remarks>Defaults to none: the board's pins as they are.</remarks>
    public IReadOnlyList<PinConfig> Pins { get; set; } = [];

    /// <summary>Sensors to add, or to replace the board's sensor of the same name (<c>"enabled": false</c> removes it).</summary>
    /// <remarks>Defaults to none: the board's sensors as they are.</remarks>
    public IReadOnlyList<SensorConfig> Sensors { get; set; } = [];

    /// <summary>The board's own health on <c>system.*</c>.</summary>
    /// <remarks>Defaults to on, every 10 s.</remarks>
    public SystemMetricsConfig System { get; set; } = new();

    /// <summary>Where sysfs is mounted (gpiochip labels, thermal zones, IIO, hwmon, 1-Wire).</summary>
    /// <remarks>Defaults to <c>/sys</c>.</remarks>
    public string SysfsRoot { get; set; } = "/sys";

    /// <summary>Where procfs is mounted (load, memory, uptime).</summary>
    /// <remarks>Defaults to <c>/proc</c>.</remarks>
    public string ProcRoot { get; set; } = "/proc";
}
