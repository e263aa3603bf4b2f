namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// Reads channels of a Linux hwmon device (<c>class/hwmon/hwmonN</c>), selected by its <c>name</c> attribute or
/// its number: <c>temp*_input</c> (m°C), <c>in*_input</c> (mV), <c>curr*_input</c> (mA), <c>power*_input</c> (µW),
/// <c>fan*_input</c> (rpm) and <c>humidity*_input</c> (m%), per Documentation/hwmon/sysfs-interface.rst.
/// </summary>
internal sealed class HwmonSensor : SysfsSensor
{
    private readonly SysfsDeviceFinder _finder;
    private readonly string[] _channels;
    private readonly HwmonChannelType[] _types;
    private readonly SensorQuantity[] _quantities;

    /// <param name="channels">Channel names such as <c>temp1</c>.</param>
    /// <param name="names">The published quantity name of each channel.</param>
    public HwmonSensor(SysfsDeviceFinder finder, string[] channels, string[] names)
    {
        _finder = finder;
        _channels = channels;
        _types = new HwmonChannelType[channels.Length];
        _quantities = new SensorQuantity[channels.Length];
        for (int i = 0; i < channels.Length; i++)
        {
            _types[i] = HwmonChannelType.Of(channels[i]) ?? throw new ArgumentException($"unsupported hwmon channel '{channels[i]}'", nameof(channels));
            _quantities[i] = new SensorQuantity(names[i], _types[i].Unit);
        }
    }

    public override IReadOnlyList<SensorQuantity> Quantities => _quantities;

    public static SysfsDeviceFinder Finder(SensorEnvironment environment, string? name, int index) =>
        new(Path.Combine(environment.SysfsRoot, "class/hwmon"), "hwmon", "name", name, index);

    /// <summary>
    /// The channels of the device from its attribute file names (no value is read), temperatures first, then by
    /// number. Each is named by its <c>*_label</c> attribute when there is one (made URI-safe), else by the channel.
    /// </summary>
    public static (string[] Channels, string[] Names) DiscoverChannels(string deviceDirectory)
    {
        List<(int Type, int Number, string Channel)> found = [];
        foreach (string file in Directory.GetFiles(deviceDirectory))
        {
            string name = Path.GetFileName(file);
            int underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore < 0 || HwmonChannelType.Of(name[..underscore]) is not { } type
                || !type.Attributes.Contains(name[(underscore + 1)..]))
            {
                continue;
            }

            string channel = name[..underscore];
            if (!found.Exists(f => f.Channel == channel))
            {
                found.Add((Array.IndexOf(HwmonChannelType.Known, type), type.Number(channel), channel));
            }
        }

        found.Sort();
        string[] channels = found.ConvertAll(f => f.Channel).ToArray();
        string[] names = new string[channels.Length];
        for (int i = 0; i < channels.Length; i++)
        {
            string? label = SysfsFile.TryReadText(Path.Combine(deviceDirectory, channels[i] + "_label"));
            string candidate = label is null ? channels[i] : UriSafe(label);
            names[i] = candidate.Length == 0 || Array.IndexOf(names, candidate, 0, i) >= 0 ? channels[i] : candidate;
        }

        return (channels, names);
    }

    /// <summary>"Core 0" → "core_0", "+3.3V" → "3_3v": a label becomes one lower-case URI segment.</summary>
    public static string UriSafe(string label)
    {
        Span<char> buffer = stackalloc char[Math.Min(label.Length, 64)];
        int length = 0;
        foreach (char c in label.AsSpan(0, buffer.Length))
        {
            char mapped = char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_';
            if (mapped != '_' || (length > 0 && buffer[length - 1] != '_'))
            {
                buffer[length++] = mapped;
            }
        }

        return new string(buffer[..length].TrimEnd('_'));
    }

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

    private static SysfsValue OpenChannel(string directory, string channel, HwmonChannelType type)
    {
        foreach (string attribute in type.Attributes)
        {
            string path = Path.Combine(directory, $"{channel}_{attribute}");
            if (File.Exists(path))
            {
                return SysfsValue.Processed(path, type.Factor);
            }
        }

        throw new SensorException($"{directory}: {channel}_{type.Attributes[0]} not found");
    }
}
