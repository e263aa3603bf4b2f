using System.Diagnostics.CodeAnalysis;
using EdgeWamp.Devices.Sensors.I2c;
using EdgeWamp.Devices.Sensors.Sysfs;

namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// Creates a sensor driver from a sensor entry's <c>driver</c> and <c>options</c> (docs/sensors.md). Creating never
/// touches the bus: I2C chips are opened on the first read. The one exception is sysfs channel discovery: when an
/// <c>iio</c> or <c>hwmon</c> entry lists no <c>channels</c>, the device's attribute file names are listed now (no
/// value is read) to learn which quantities it has.
/// </summary>
public static class SensorDriverFactory
{
    private static readonly string[] DriverNames = ["iio", "hwmon", "thermal", "w1", "bme280", "sht3x", "ads1115", "bh1750"];

    /// <summary>The driver names <see cref="TryCreate"/> accepts.</summary>
    public static IReadOnlyCollection<string> Drivers => DriverNames;

    /// <summary>
    /// driver: "iio" | "hwmon" | "thermal" | "w1" | "bme280" | "sht3x" | "ads1115" | "bh1750"; options: driver-specific
    /// keys, values as invariant strings (e.g. "bus"="1", "address"="0x76"); unknown keys or bad values → false +
    /// one-line error naming the key.
    /// </summary>
    public static bool TryCreate(string driver, IReadOnlyDictionary<string, string> options, SensorEnvironment environment, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error) =>
        TryCreate(driver, options, environment, TimeProvider.System, out sensor, out error);

    /// <summary>As the public overload, with the clock the I2C drivers wait on (a virtual one in tests).</summary>
    internal static bool TryCreate(string driver, IReadOnlyDictionary<string, string> options, SensorEnvironment environment, TimeProvider time, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        SensorOptions reader = new(driver, options);
        switch (driver)
        {
            case "iio": return TryCreateIio(reader, environment, out sensor, out error);
            case "hwmon": return TryCreateHwmon(reader, environment, out sensor, out error);
            case "thermal": return TryCreateThermal(reader, environment, out sensor, out error);
            case "w1": return TryCreateW1(reader, environment, out sensor, out error);
            case "bme280": return TryCreateBme280(reader, environment, time, out sensor, out error);
            case "sht3x": return TryCreateSht3x(reader, environment, time, out sensor, out error);
            case "ads1115": return TryCreateAds1115(reader, environment, time, out sensor, out error);
            case "bh1750": return TryCreateBh1750(reader, environment, time, out sensor, out error);
            default:
                sensor = null;
                return Fail($"driver '{driver}' is unknown (known: {string.Join(", ", DriverNames)})", out error);
        }
    }

    private static bool TryCreateIio(SensorOptions options, SensorEnvironment environment, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        sensor = null;
        if (!options.TryCheckKeys(["device", "index", "channels"], out error)
            || !TryGetDeviceSelection(options, "device", "index", out string? name, out int index, out error)
            || !options.TryGetList("channels", out string[]? channels, out error))
        {
            return false;
        }

        SysfsDeviceFinder finder = IioSensor.Finder(environment, name, index);
        if (channels is null)
        {
            if (!TryDiscover(finder, IioSensor.DiscoverChannels, out channels, out error) || !TryHaveChannels(finder, channels, out error))
            {
                return false;
            }
        }
        else if (Array.Find(channels, c => !IioSensor.IsSupported(c)) is { } unsupported)
        {
            return Fail($"option 'channels': '{unsupported}' is not an IIO channel with a known unit (temp, pressure, humidityrelative, voltageN, currentN, powerN, illuminance)", out error);
        }

        sensor = new IioSensor(finder, channels);
        return true;
    }

    private static bool TryCreateHwmon(SensorOptions options, SensorEnvironment environment, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        sensor = null;
        if (!options.TryCheckKeys(["device", "index", "channels"], out error)
            || !TryGetDeviceSelection(options, "device", "index", out string? name, out int index, out error)
            || !options.TryGetList("channels", out string[]? channels, out error))
        {
            return false;
        }

        SysfsDeviceFinder finder = HwmonSensor.Finder(environment, name, index);
        string[] names;
        if (channels is null)
        {
            if (!TryDiscover(finder, HwmonSensor.DiscoverChannels, out (string[] Channels, string[] Names) discovered, out error)
                || !TryHaveChannels(finder, discovered.Channels, out error))
            {
                return false;
            }

            (channels, names) = discovered;
        }
        else if (Array.Find(channels, c => HwmonChannelType.Of(c) is null) is { } unsupported)
        {
            return Fail($"option 'channels': '{unsupported}' is not a hwmon channel (tempN, inN, currN, powerN, fanN, humidityN)", out error);
        }
        else
        {
            names = channels;
        }

        sensor = new HwmonSensor(finder, channels, names);
        return true;
    }

    private static bool TryCreateThermal(SensorOptions options, SensorEnvironment environment, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        sensor = null;
        if (!options.TryCheckKeys(["type", "zone"], out error)
            || !TryGetDeviceSelection(options, "type", "zone", out string? type, out int zone, out error))
        {
            return false;
        }

        sensor = new ThermalZoneSensor(ThermalZoneSensor.Finder(environment, type, zone));
        return true;
    }

    private static bool TryCreateW1(SensorOptions options, SensorEnvironment environment, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        sensor = null;
        if (!options.TryCheckKeys(["id"], out error) || !options.TryGetText("id", out string? id, out error))
        {
            return false;
        }

        sensor = new W1Thermometer(environment, id);
        return true;
    }

    private static bool TryCreateBme280(SensorOptions options, SensorEnvironment environment, TimeProvider time, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        sensor = null;
        if (!options.TryCheckKeys(["bus", "address", "mode", "oversampling", "filter", "standby"], out error)
            || !options.TryGetBus(out int bus, out error)
            || !options.TryGetAddress(Bme280Sensor.DefaultAddress, out int address, out error)
            || !options.TryGetChoice("mode", ["forced", "normal"], 0, out int mode, out error)
            || !options.TryGetChoice("oversampling", Bme280Settings.OversamplingChoices, 0, out int oversampling, out error)
            || !options.TryGetChoice("filter", Bme280Settings.FilterChoices, 0, out int filter, out error)
            || !options.TryGetChoice("standby", Bme280Settings.StandbyChoices, 5, out int standby, out error))
        {
            return false;
        }

        if (mode == 0 && options.Has("standby"))
        {
            return Fail("option 'standby': applies only with \"mode\": \"normal\"", out error);
        }

        Bme280Settings settings = new() { Normal = mode == 1, OversamplingIndex = oversampling, FilterCode = filter, StandbyCode = standby };
        sensor = new Bme280Sensor(environment, bus, address, settings, time);
        return true;
    }

    private static bool TryCreateSht3x(SensorOptions options, SensorEnvironment environment, TimeProvider time, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        sensor = null;
        if (!options.TryCheckKeys(["bus", "address", "repeatability", "mode", "rate"], out error)
            || !options.TryGetBus(out int bus, out error)
            || !options.TryGetAddress(Sht3xSensor.DefaultAddress, out int address, out error)
            || !options.TryGetChoice("repeatability", Sht3xSensor.RepeatabilityChoices, 0, out int repeatability, out error)
            || !options.TryGetChoice("mode", Sht3xSensor.ModeChoices, 0, out int mode, out error)
            || !options.TryGetChoice("rate", Sht3xSensor.RateChoices, 1, out int rate, out error))
        {
            return false;
        }

        if (mode == 0 && options.Has("rate"))
        {
            return Fail("option 'rate': applies only with \"mode\": \"periodic\"", out error);
        }

        sensor = new Sht3xSensor(environment, bus, address, repeatability, mode == 1 ? rate : null, time);
        return true;
    }

    private static bool TryCreateAds1115(SensorOptions options, SensorEnvironment environment, TimeProvider time, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        sensor = null;
        if (!options.TryCheckKeys(["bus", "address", "channels", "range", "rate"], out error)
            || !options.TryGetBus(out int bus, out error)
            || !options.TryGetAddress(Ads1115Sensor.DefaultAddress, out int address, out error)
            || !options.TryGetList("channels", out string[]? channels, out error)
            || !options.TryGetChoice("range", Ads1115Sensor.RangeChoices, 1, out int range, out error)
            || !options.TryGetChoice("rate", Ads1115Sensor.RateChoices, 4, out int rate, out error))
        {
            return false;
        }

        channels ??= ["ain0", "ain1", "ain2", "ain3"];
        int[] muxCodes = new int[channels.Length];
        for (int i = 0; i < channels.Length; i++)
        {
            muxCodes[i] = Array.FindIndex(Ads1115Sensor.InputChoices, c => string.Equals(c, channels[i], StringComparison.OrdinalIgnoreCase));
            if (muxCodes[i] < 0)
            {
                return Fail($"option 'channels': '{channels[i]}' is not one of {string.Join(", ", Ads1115Sensor.InputChoices)}", out error);
            }
        }

        sensor = new Ads1115Sensor(environment, bus, address, muxCodes, range, rate, time);
        return true;
    }

    private static bool TryCreateBh1750(SensorOptions options, SensorEnvironment environment, TimeProvider time, [NotNullWhen(true)] out ISensorDriver? sensor, [NotNullWhen(false)] out string? error)
    {
        sensor = null;
        if (!options.TryCheckKeys(["bus", "address", "mode", "resolution", "mtreg"], out error)
            || !options.TryGetBus(out int bus, out error)
            || !options.TryGetAddress(Bh1750Sensor.DefaultAddress, out int address, out error)
            || !options.TryGetChoice("mode", Bh1750Sensor.ModeChoices, 0, out int mode, out error)
            || !options.TryGetChoice("resolution", Bh1750Sensor.ResolutionChoices, 0, out int resolution, out error)
            || !options.TryGetInteger("mtreg", Bh1750Sensor.DefaultMeasurementTime, Bh1750Sensor.MinMeasurementTime, Bh1750Sensor.MaxMeasurementTimeRegister, out int mtreg, out error))
        {
            return false;
        }

        sensor = new Bh1750Sensor(environment, bus, address, oneTime: mode == 0, resolution, mtreg, time);
        return true;
    }

    /// <summary>Exactly one of a name key (matched against the device's name/type attribute) and a number key.</summary>
    private static bool TryGetDeviceSelection(SensorOptions options, string nameKey, string numberKey, out string? name, out int number, [NotNullWhen(false)] out string? error)
    {
        number = 0;
        if (!options.TryGetText(nameKey, out name, out error)
            || !options.TryGetInteger(numberKey, 0, 0, int.MaxValue, out number, out error))
        {
            return false;
        }

        if ((name is null) == options.Has(numberKey))
        {
            return true;
        }

        return Fail(name is null
            ? $"option '{nameKey}': required (or '{numberKey}')"
            : $"option '{numberKey}': give either '{nameKey}' or '{numberKey}', not both", out error);
    }

    /// <summary>Lists a device's channels now; its absence is a configuration error naming the 'channels' option.</summary>
    private static bool TryDiscover<T>(SysfsDeviceFinder finder, Func<string, T> discover, [NotNullWhen(true)] out T? channels, [NotNullWhen(false)] out string? error)
    {
        try
        {
            channels = discover(finder.Find())!;
            error = null;
            return true;
        }
        catch (Exception e) when (e is SensorException or IOException or UnauthorizedAccessException)
        {
            channels = default;
            return Fail($"option 'channels': {finder.Description} is not present to list its channels ({e.Message}); list them to start without the device", out error);
        }
    }

    private static bool TryHaveChannels(SysfsDeviceFinder finder, string[] channels, [NotNullWhen(false)] out string? error)
    {
        error = null;
        return channels.Length > 0 || Fail($"option 'channels': {finder.Description} has no channel with a known unit", out error);
    }

    private static bool Fail(string message, [NotNullWhen(false)] out string? error)
    {
        error = message;
        return false;
    }
}
