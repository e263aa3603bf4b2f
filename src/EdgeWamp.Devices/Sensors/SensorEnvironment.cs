using System.Device.I2c;

namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// Where drivers find their hardware: the sysfs root (a temporary folder in tests) and how to open an I2C device
/// (a fake with the chip's register map in tests).
/// </summary>
public sealed class SensorEnvironment
{
    public static SensorEnvironment System { get; } = new();

    /// <summary>The root of the sysfs tree; "/sys" on a board.</summary>
    public string SysfsRoot { get; init; } = "/sys";

    /// <summary>Opens the device at (bus, address).</summary>
    public Func<int, int, I2cDevice> OpenI2c { get; init; } = static (bus, address) => I2cDevice.Create(new I2cConnectionSettings(bus, address));
}
