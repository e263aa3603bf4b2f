namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// Reads channels of a Linux IIO device (<c>bus/iio/devices/iio:deviceN</c>), selected by its <c>name</c> attribute
/// or its number. A channel's processed <c>in_X_input</c> is preferred; otherwise <c>(in_X_raw + in_X_offset) ×
/// in_X_scale</c>, per Documentation/ABI/testing/sysfs-bus-iio, converted from the ABI unit to SI.
/// </summary>
internal sealed class IioSensor : SysfsSensor
{
    private readonly SysfsDeviceFinder _finder;
    private readonly string[] _channels;
    private readonly IioChannelType[] _types;
    private readonly SensorQuantity[] _quantities;

    public IioSensor(SysfsDeviceFinder finder, string[] channels)
    {
        _finder = finder;
        _channels = channels;
        _types = new IioChannelType[channels.Length];
        _quantities = new SensorQuantity[channels.Length];
        for (int i = 0; i < channels.Length; i++)
        {
            _types[i] = IioChannelType.Of(channels[i]) ?? throw new ArgumentException($"unsupported IIO channel '{channels[i]}'", nameof(channels));
            _quantities[i] = new SensorQuantity(_types[i].QuantityName(channels[i]), _types[i].Unit);
        }
    }

    public override IReadOnlyList<SensorQuantity> Quantities => _quantities;

    public static SysfsDeviceFinder Finder(SensorEnvironment environment, string? name, int index) =>
        new(Path.Combine(environment.SysfsRoot, "bus/iio/devices"), "iio:device", "name", name, index);

    /// <summary>
    /// The readable channels of the device, from its attribute file names (no value is read), in name order.
    /// Channels of types without an SI mapping (e.g. <c>intensity</c>) are left out.
    /// </summary>
    public static string[] DiscoverChannels(string deviceDirectory)
    {
        SortedSet<string> channels = new(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(deviceDirectory, "in_*"))
        {
            string name = Path.GetFileName(file);
            string? channel = name.EndsWith("_input", StringComparison.Ordinal) ? name[3..^6]
                : name.EndsWith("_raw", StringComparison.Ordinal) ? name[3..^4]
                : null;
            if (channel is { Length: > 0 } && IioChannelType.Of(channel) is not null)
            {
                channels.Add(channel);
            }
        }

        return [.. channels];
    }

    /// <summary>True when <paramref name="channel"/> names a type this reader converts.</summary>
    public static bool IsSupported(string channel) => IioChannelType.Of(channel) is not null;

    protected override SysfsValue[] Open()
    {
        string directory = _finder.Find();
        SysfsValue[] values = new SysfsValue[_channels.Length];
        for (int i = 0; i < _channels.Length; i++)
        {
            values[i] = OpenChannel(directory, _channels[i], _types[i]);
        }

        return values;
    }

    private static SysfsValue OpenChannel(string directory, string channel, IioChannelType type)
    {
        string input = Path.Combine(directory, $"in_{channel}_input");
        if (File.Exists(input))
        {
            return SysfsValue.Processed(input, type.Factor);
        }

        string raw = Path.Combine(directory, $"in_{channel}_raw");
        if (!File.Exists(raw))
        {
            throw new SensorException($"{directory}: channel '{channel}' has neither in_{channel}_input nor in_{channel}_raw");
        }

        double scale = ReadShared(directory, channel, type, "scale", 1);
        double offset = ReadShared(directory, channel, type, "offset", 0);
        return SysfsValue.Raw(raw, offset, scale, type.Factor);
    }

    /// <summary>
    /// Scale and offset may be per channel (<c>in_voltage0_scale</c>), shared by a differential pair
    /// (<c>in_voltage-voltage_scale</c>) or shared by the type (<c>in_voltage_scale</c>); absent means 1 and 0.
    /// </summary>
    private static double ReadShared(string directory, string channel, IioChannelType type, string attribute, double absent)
    {
        string withoutIndex = string.Concat(channel.Where(c => !char.IsAsciiDigit(c)));
        foreach (string candidate in (ReadOnlySpan<string>)[channel, withoutIndex, type.Type])
        {
            string path = Path.Combine(directory, $"in_{candidate}_{attribute}");
            if (File.Exists(path))
            {
                return SysfsFile.ReadNumber(path);
            }
        }

        return absent;
    }
}
