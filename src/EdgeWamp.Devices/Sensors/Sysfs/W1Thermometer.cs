using System.Globalization;

namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// A DS18B20 1-Wire thermometer through the kernel's w1_therm driver (<c>bus/w1/devices/28-xxxxxxxxxxxx</c>).
/// Reads <c>w1_slave</c>, whose first line ends with the CRC verdict (<c>crc=XX YES</c> or <c>NO</c>) and whose
/// second ends with <c>t=</c> in millidegree Celsius; kernels that lack it get the newer <c>temperature</c> file.
/// </summary>
internal sealed class W1Thermometer : ISensorDriver
{
    /// <summary>DS18B20 family code (datasheet: "the least significant 8 bits of the ROM code ... 28h").</summary>
    public const string Family = "28-";

    /// <summary>
    /// The temperature register's power-on reset value, +85 °C (DS18B20 datasheet, "Operation — Measuring
    /// Temperature"): reading it means the sensor was reset and no conversion has completed, not a real 85 °C.
    /// </summary>
    private const long PowerOnReset = 85000;

    private static readonly SensorQuantity[] TemperatureOnly = [new("temperature", SensorUnits.Celsius)];

    private readonly string _devices;
    private readonly string? _id;

    /// <param name="id">The device directory name (<c>28-0316a27942ff</c>), or null for the only DS18B20 on the bus.</param>
    public W1Thermometer(SensorEnvironment environment, string? id)
    {
        _devices = Path.Combine(environment.SysfsRoot, "bus/w1/devices");
        _id = id;
    }

    public IReadOnlyList<SensorQuantity> Quantities => TemperatureOnly;

    /// <summary>Runs on the thread pool: reading w1_slave blocks for the conversion, up to 750 ms at 12 bits.</summary>
    public ValueTask ReadAsync(double[] values, CancellationToken cancellationToken) =>
        new(Task.Run(() => Read(values), cancellationToken));

    public void Dispose()
    {
        // Nothing to release: each read opens and closes its files.
    }

    private void Read(double[] values)
    {
        string device = FindDevice();
        string slave = Path.Combine(device, "w1_slave");
        long milliCelsius = File.Exists(slave) ? ParseSlave(SysfsFile.ReadText(slave)) : ReadTemperature(Path.Combine(device, "temperature"));
        if (milliCelsius == PowerOnReset)
        {
            throw new SensorException("85 °C is the power-on reset value: the first conversion has not completed");
        }

        values[0] = milliCelsius / 1000.0;
    }

    /// <summary>
    /// Parses w1_slave as the kernel writes it (drivers/w1/slaves/w1_therm.c): nine scratchpad bytes in hex, then
    /// <c>: crc=XX YES</c> or <c>NO</c>; then the same bytes and <c>t=23125</c>.
    /// </summary>
    public static long ParseSlave(string text)
    {
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            throw new SensorException("w1_slave: expected two lines");
        }

        ReadOnlySpan<char> first = text.AsSpan(0, newline).TrimEnd();
        ReadOnlySpan<char> second = text.AsSpan(newline + 1).Trim();
        if (first.EndsWith(" NO", StringComparison.Ordinal))
        {
            throw new SensorException("CRC error");
        }

        int t = second.LastIndexOf("t=", StringComparison.Ordinal);
        if (!first.EndsWith(" YES", StringComparison.Ordinal) || t < 0
            || !long.TryParse(second[(t + 2)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw new SensorException("w1_slave: unexpected content");
        }

        return value;
    }

    /// <summary>The <c>temperature</c> file holds millidegrees; the driver returns nothing when the CRC fails.</summary>
    private static long ReadTemperature(string path)
    {
        string text = SysfsFile.ReadText(path);
        if (text.Length == 0)
        {
            throw new SensorException("CRC error or no response");
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new SensorException($"{path}: '{text}' is not a number");
    }

    private string FindDevice()
    {
        if (_id is not null)
        {
            string path = Path.Combine(_devices, _id);
            return Directory.Exists(path) ? path : throw new SensorException($"{path} not found");
        }

        string[] found;
        try
        {
            found = Directory.GetDirectories(_devices, Family + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"{_devices} not found (is the w1-gpio overlay enabled?)", e);
        }

        return found.Length switch
        {
            1 => found[0],
            0 => throw new SensorException($"no DS18B20 ({Family}*) under {_devices}"),
            _ => throw new SensorException($"{found.Length} DS18B20 under {_devices}: set the 'id' option"),
        };
    }
}
