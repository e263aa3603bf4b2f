namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// Reads a thermal zone's <c>temp</c> (millidegree Celsius, Documentation/driver-api/thermal/sysfs-api.rst) from
/// <c>class/thermal/thermal_zoneN</c>, selected by its <c>type</c> attribute (e.g. <c>cpu-thermal</c>) or number.
/// </summary>
internal sealed class ThermalZoneSensor : SysfsSensor
{
    private static readonly SensorQuantity[] TemperatureOnly = [new("temperature", SensorUnits.Celsius)];

    private readonly SysfsDeviceFinder _finder;

    public ThermalZoneSensor(SysfsDeviceFinder finder)
    {
        _finder = finder;
    }

    public override IReadOnlyList<SensorQuantity> Quantities => TemperatureOnly;

    public static SysfsDeviceFinder Finder(SensorEnvironment environment, string? type, int zone) =>
        new(Path.Combine(environment.SysfsRoot, "class/thermal"), "thermal_zone", "type", type, zone);

    protected override SysfsValue[] Open() => [SysfsValue.Processed(Path.Combine(_finder.Find(), "temp"), 0.001)];
}
