namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// Finds a numbered sysfs device directory (<c>hwmon3</c>, <c>iio:device0</c>, <c>thermal_zone1</c>) either by its
/// number or by the contents of an identifying attribute (<c>name</c> or <c>type</c>). Numbers are assigned in probe
/// order and may change when a device is re-plugged, so the search runs again after every failure.
/// </summary>
internal sealed class SysfsDeviceFinder
{
    private readonly string _classDirectory;
    private readonly string _prefix;
    private readonly string _attribute;
    private readonly string? _match;
    private readonly int _index;

    /// <param name="classDirectory">E.g. <c>/sys/class/hwmon</c>.</param>
    /// <param name="prefix">E.g. <c>hwmon</c>; the device number follows it.</param>
    /// <param name="attribute">The attribute that identifies a device, e.g. <c>name</c>.</param>
    /// <param name="match">The attribute value to look for, or null to select by <paramref name="index"/>.</param>
    /// <param name="index">The device number when <paramref name="match"/> is null.</param>
    public SysfsDeviceFinder(string classDirectory, string prefix, string attribute, string? match, int index)
    {
        _classDirectory = classDirectory;
        _prefix = prefix;
        _attribute = attribute;
        _match = match;
        _index = index;
    }

    /// <summary>What the user asked for, for error messages: "hwmon 'cpu_thermal'" or "hwmon6".</summary>
    public string Description => _match is null ? _prefix + _index.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{_prefix} '{_match}'";

    /// <summary>The device directory; throws <see cref="SensorException"/> when it is not there.</summary>
    public string Find()
    {
        if (_match is null)
        {
            string path = Path.Combine(_classDirectory, Description);
            return Directory.Exists(path) ? path : throw new SensorException($"{path} not found");
        }

        // Lowest number first, so the choice among devices sharing a name is stable.
        string? best = null;
        long bestNumber = long.MaxValue;
        foreach (string directory in Enumerate())
        {
            long number = NumberOf(directory);
            if (number < bestNumber && SysfsFile.TryReadText(Path.Combine(directory, _attribute)) == _match)
            {
                best = directory;
                bestNumber = number;
            }
        }

        return best ?? throw new SensorException($"no {_prefix} device with {_attribute} '{_match}' under {_classDirectory}");
    }

    private string[] Enumerate()
    {
        try
        {
            return Directory.GetDirectories(_classDirectory, _prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"no {_prefix} device with {_attribute} '{_match}': {_classDirectory} not found", e);
        }
    }

    private long NumberOf(string directory)
    {
        ReadOnlySpan<char> digits = Path.GetFileName(directory.AsSpan())[_prefix.Length..];
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number) ? number : long.MaxValue - 1;
    }
}
