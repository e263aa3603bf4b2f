namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// One value read from sysfs and converted to its published unit: either a processed attribute
/// (<c>value = input × factor</c>) or an IIO raw attribute with scale and offset
/// (<c>value = (raw + offset) × scale × factor</c>, Documentation/ABI/testing/sysfs-bus-iio).
/// </summary>
internal sealed class SysfsValue
{
    private readonly string _path;
    private readonly double _offset;
    private readonly double _scale;
    private readonly double _multiplier;
    private readonly double _divisor;

    private SysfsValue(string path, double offset, double scale, double factor)
    {
        _path = path;
        _offset = offset;
        _scale = scale;

        // Milli and micro units are divided by 1000 or 10⁶ rather than multiplied by 0.001, so "51230" m% is
        // published as 51.23, not 51.230000000000004.
        _multiplier = factor >= 1 ? factor : 1;
        _divisor = factor >= 1 ? 1 : Math.Round(1 / factor);
    }

    /// <summary>A processed value such as hwmon's <c>temp1_input</c> in milli °C: factor 0.001 gives °C.</summary>
    public static SysfsValue Processed(string path, double factor) => new(path, 0, 1, factor);

    /// <summary>An IIO raw value; scale and offset were read when the device was found.</summary>
    public static SysfsValue Raw(string path, double offset, double scale, double factor) => new(path, offset, scale, factor);

    public double Read() => (SysfsFile.ReadNumber(_path) + _offset) * _scale * _multiplier / _divisor;
}
