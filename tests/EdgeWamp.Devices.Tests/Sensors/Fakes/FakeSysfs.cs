using System.Globalization;
using EdgeWamp.Devices.Sensors;

namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>
/// A sysfs tree in a temporary folder, written in the kernel's formats: one value per attribute with a trailing
/// newline (sysfs_emit "%d\n"), class entries as symlinks into <c>devices/</c> as on a board, IIO attributes named
/// per Documentation/ABI/testing/sysfs-bus-iio and w1_slave as drivers/w1/slaves/w1_therm.c prints it.
/// </summary>
internal sealed class FakeSysfs : IDisposable
{
    public FakeSysfs()
    {
        Root = Directory.CreateTempSubdirectory("edgewamp-sysfs-").FullName;
    }

    public string Root { get; }

    public SensorEnvironment Environment => new() { SysfsRoot = Root };

    /// <summary>Creates <c>devices/platform/{parent}/hwmon/hwmonN</c> linked from <c>class/hwmon/hwmonN</c>.</summary>
    public string AddHwmon(int number, string name, string parent = "soc")
    {
        string device = Path.Combine(Root, "devices/platform", parent, "hwmon", $"hwmon{number}");
        Directory.CreateDirectory(device);
        Link(Path.Combine(Root, "class/hwmon"), $"hwmon{number}", device);
        Attribute(device, "name", name);
        return device;
    }

    /// <summary>Creates <c>devices/.../iio:deviceN</c> linked from <c>bus/iio/devices/iio:deviceN</c>.</summary>
    public string AddIio(int number, string name)
    {
        string device = Path.Combine(Root, "devices/platform/soc/fe804000.i2c/i2c-1/1-0076", $"iio:device{number}");
        Directory.CreateDirectory(device);
        Link(Path.Combine(Root, "bus/iio/devices"), $"iio:device{number}", device);
        Attribute(device, "name", name);
        return device;
    }

    public string AddThermalZone(int number, string type, int milliCelsius)
    {
        string zone = Path.Combine(Root, "devices/virtual/thermal", $"thermal_zone{number}");
        Directory.CreateDirectory(zone);
        Link(Path.Combine(Root, "class/thermal"), $"thermal_zone{number}", zone);
        Attribute(zone, "type", type);
        Attribute(zone, "temp", milliCelsius);
        Attribute(zone, "mode", "enabled");
        return zone;
    }

    /// <summary>Creates <c>devices/w1_bus_master1/{id}</c> linked from <c>bus/w1/devices/{id}</c>.</summary>
    public string AddW1(string id)
    {
        string device = Path.Combine(Root, "devices/w1_bus_master1", id);
        Directory.CreateDirectory(device);
        Link(Path.Combine(Root, "bus/w1/devices"), id, device);
        Attribute(device, "name", id);
        return device;
    }

    /// <summary>
    /// Writes w1_slave for a DS18B20 reading: the 9-byte scratchpad (temperature LSB/MSB in 1/16 °C, TH, TL,
    /// config 0x7F = 12-bit, reserved FF, 0x10 - (raw &amp; 0xF), 0x10, CRC) with the CRC verdict, then
    /// <c>t=</c>. A <paramref name="crcOk"/> of false flips the CRC byte so the verdict is NO.
    /// </summary>
    public static void WriteW1Slave(string device, int milliCelsius, bool crcOk = true)
    {
        short raw = (short)Math.Round(milliCelsius * 16 / 1000.0);
        byte[] pad = [(byte)raw, (byte)(raw >> 8), 0x4B, 0x46, 0x7F, 0xFF, (byte)(0x10 - (raw & 0x0F)), 0x10, 0];
        pad[8] = DallasCrc(pad.AsSpan(0, 8));
        if (!crcOk)
        {
            pad[8] ^= 0x5A;
        }

        // The kernel prints the CRC it computed and whether the ninth byte matches it, then t= regardless.
        string bytes = string.Concat(pad.Select(b => b.ToString("x2", CultureInfo.InvariantCulture) + " "));
        byte computed = DallasCrc(pad.AsSpan(0, 8));
        string text = $"{bytes}: crc={computed:x2} {(computed == pad[8] ? "YES" : "NO")}\n{bytes}t={milliCelsius}\n";
        File.WriteAllText(Path.Combine(device, "w1_slave"), text);
    }

    /// <summary>Writes an attribute as the kernel shows it: the value and a newline.</summary>
    public static void Attribute(string directory, string name, object value) =>
        File.WriteAllText(Path.Combine(directory, name), Convert.ToString(value, CultureInfo.InvariantCulture) + "\n");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The 1-Wire CRC-8 (Maxim AN27): polynomial x⁸+x⁵+x⁴+1, reflected (0x8C), initial 0.</summary>
    public static byte DallasCrc(ReadOnlySpan<byte> data)
    {
        byte crc = 0;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (byte)((crc >> 1) ^ 0x8C) : (byte)(crc >> 1);
            }
        }

        return crc;
    }

    private static void Link(string classDirectory, string name, string target)
    {
        Directory.CreateDirectory(classDirectory);
        File.CreateSymbolicLink(Path.Combine(classDirectory, name), Path.GetRelativePath(classDirectory, target));
    }
}
