using System.Diagnostics.CodeAnalysis;

namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// PLACEHOLDER so this worktree compiles: the sensor-drivers branch provides the real factory (sysfs and I2C drivers),
/// which replaces this file at merge.
/// </summary>
public static class SensorDriverFactory
{
    public static IReadOnlyCollection<string> Drivers { get; } = ["iio", "hwmon", "thermal", "w1", "bme280", "sht3x", "ads1115", "bh1750"];

    public static bool TryCreate(string driver, IReadOnlyDictionary<string, string> options, SensorEnvironment environment, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        sensor = null;
        error = $"the '{driver}' driver is not part of this build";
        return false;
    }
}
