using System.Globalization;
using EdgeWamp.Devices.Sensors;

namespace EdgeWamp.Devices.Metrics;

/// <summary>
/// The board's own health as a sensor, published under <c>system.</c> (docs/devices.md, "System metrics"):
/// CPU temperature from the thermal zone, the 1-minute load average, memory in use, disk use of a mount, and uptime,
/// each read from the kernel's files under configurable roots (a fake tree in the kernel's formats in tests).
/// </summary>
/// <remarks>
/// A quantity the machine does not have (no thermal zone in a VM or container) is NaN, which the publisher skips;
/// a missing <c>/proc</c> is a <see cref="SensorException"/>.
/// </remarks>
public sealed class SystemMetricsSensor : ISensorDriver
{
    private static readonly SensorQuantity[] QuantityList =
    [
        new("cpu.temperature", "°C"),
        new("cpu.load", "1"),
        new("memory.used", "B"),
        new("memory.total", "B"),
        new("disk.used", "B"),
        new("disk.free", "B"),
        new("uptime", "s"),
    ];

    private readonly string _procRoot;
    private readonly string _sysfsRoot;
    private readonly string _diskPath;
    private string? _thermalZone;

    /// <param name="procRoot">Where procfs is: <c>/proc</c> on a board.</param>
    /// <param name="sysfsRoot">Where sysfs is: <c>/sys</c> on a board.</param>
    /// <param name="diskPath">A path on the file system whose use is reported: <c>/</c> by default.</param>
    public SystemMetricsSensor(string procRoot, string sysfsRoot, string diskPath)
    {
        _procRoot = procRoot;
        _sysfsRoot = sysfsRoot;
        _diskPath = diskPath;
    }

    public IReadOnlyList<SensorQuantity> Quantities => QuantityList;

    public ValueTask ReadAsync(double[] values, CancellationToken cancellationToken)
    {
        values[0] = ReadCpuTemperature();
        values[1] = ReadLoad();
        (values[2], values[3]) = ReadMemory();
        (values[4], values[5]) = ReadDisk();
        values[6] = ReadUptime();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// <c>/sys/class/thermal/thermal_zoneN/temp</c> in millidegrees Celsius ("48312\n"); the zone whose <c>type</c>
    /// names the CPU (<c>cpu-thermal</c> on a Pi, <c>x86_pkg_temp</c> on a PC), else zone 0.
    /// </summary>
    private double ReadCpuTemperature()
    {
        _thermalZone ??= FindCpuThermalZone();
        if (_thermalZone.Length == 0 || !TryReadFirstField(Path.Combine(_thermalZone, "temp"), out string text)
            || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long millidegrees))
        {
            return double.NaN;
        }

        return millidegrees / 1000.0;
    }

    private string FindCpuThermalZone()
    {
        string thermal = Path.Combine(_sysfsRoot, "class", "thermal");
        if (!Directory.Exists(thermal))
        {
            return string.Empty;
        }

        string[] zones = Directory.GetDirectories(thermal, "thermal_zone*");
        Array.Sort(zones, StringComparer.Ordinal);
        foreach (string zone in zones)
        {
            if (TryReadFirstField(Path.Combine(zone, "type"), out string type)
                && (type.Contains("cpu", StringComparison.OrdinalIgnoreCase) || type == "x86_pkg_temp" || type.Contains("soc", StringComparison.OrdinalIgnoreCase)))
            {
                return zone;
            }
        }

        return zones.Length > 0 ? zones[0] : string.Empty;
    }

    /// <summary><c>/proc/loadavg</c>: "0.52 0.58 0.59 1/389 12345\n"; the first field is the 1-minute average.</summary>
    private double ReadLoad()
    {
        string path = Path.Combine(_procRoot, "loadavg");
        if (!TryReadFirstField(path, out string text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double load))
        {
            throw new SensorException($"cannot read the load average from {path}");
        }

        return load;
    }

    /// <summary>
    /// <c>/proc/meminfo</c>: lines "MemTotal:        3884096 kB"; used = MemTotal − MemAvailable (what <c>free</c>
    /// calls used, minus reclaimable cache), in bytes.
    /// </summary>
    private (double Used, double Total) ReadMemory()
    {
        string path = Path.Combine(_procRoot, "meminfo");
        long total = -1, available = -1;
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    total = ParseKilobytes(line);
                }
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    available = ParseKilobytes(line);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"cannot read {path}: {exception.Message}", exception);
        }

        if (total < 0 || available < 0)
        {
            throw new SensorException($"{path} has no MemTotal or MemAvailable line");
        }

        return ((total - available) * 1024.0, total * 1024.0);
    }

    private static long ParseKilobytes(string line)
    {
        ReadOnlySpan<char> rest = line.AsSpan(line.IndexOf(':') + 1).Trim();
        int space = rest.IndexOf(' ');
        ReadOnlySpan<char> number = space < 0 ? rest : rest[..space];
        return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out long kilobytes) ? kilobytes : -1;
    }

    /// <summary>Used and free bytes of the file system holding the disk path (statvfs, through <see cref="DriveInfo"/>).</summary>
    private (double Used, double Free) ReadDisk()
    {
        try
        {
            var drive = new DriveInfo(_diskPath);
            long total = drive.TotalSize;
            long free = drive.AvailableFreeSpace;
            return (total - drive.TotalFreeSpace, free);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (double.NaN, double.NaN);
        }
    }

    /// <summary><c>/proc/uptime</c>: "350735.47 234388.90\n"; the first field is seconds since boot.</summary>
    private double ReadUptime()
    {
        string path = Path.Combine(_procRoot, "uptime");
        return TryReadFirstField(path, out string text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            ? seconds
            : double.NaN;
    }

    private static bool TryReadFirstField(string path, out string field)
    {
        field = string.Empty;
        try
        {
            string text = File.ReadAllText(path).Trim();
            int space = text.IndexOfAny([' ', '\t', '\n']);
            field = space < 0 ? text : text[..space];
            return field.Length > 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
