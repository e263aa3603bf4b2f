using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.Pwm;
using EdgeWamp.Devices.Gpio;
using EdgeWamp.Devices.Metrics;
using EdgeWamp.Devices.Sensors;
using EdgeWamp.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary>
/// Turns the board file and the <c>devices</c> section into what the device bridge runs: pin options, sensors with
/// their drivers, and the system metrics. Entries of <c>devices</c> replace board entries of the same name.
/// </summary>
internal static class DeviceSetup
{
    /// <summary>The board's pins, then the config's: a config pin replaces the board pin of its name; disabled ones go.</summary>
    public static List<GpioPinOptions> Pins(BoardConfig board, DevicesConfig devices) =>
        [.. Merge(board.Pins, devices.Pins, pin => pin.Name, pin => pin.Enabled).Select(pin => ToOptions(pin, board))];

    /// <summary>The board's sensors and the config's, merged like <see cref="Pins"/>, with their drivers created.</summary>
    public static List<PublishedSensor> Sensors(BoardConfig board, DevicesConfig devices, TimeProvider time, ILogger logger)
    {
        var environment = new SensorEnvironment { SysfsRoot = devices.SysfsRoot };
        var sensors = new List<PublishedSensor>();
        foreach (SensorConfig sensor in Merge(board.Sensors, devices.Sensors, sensor => sensor.Name, sensor => sensor.Enabled))
        {
            sensors.Add(new PublishedSensor
            {
                Name = sensor.Name,
                Driver = CreateDriver(sensor, board, environment, time, logger),
                TopicPrefix = $"sensors.{sensor.Name}.",
                ReadProcedure = $"sensors.{sensor.Name}.read",
                StatusTopic = $"sensors.{sensor.Name}.status",
                PollInterval = TimeSpan.FromMilliseconds(sensor.PollIntervalMs),
                Threshold = sensor.Threshold,
                Thresholds = sensor.Thresholds,
                PublishEvery = sensor.PublishEverySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            });
        }

        if (devices.System.Enabled)
        {
            SystemMetricsConfig system = devices.System;
            sensors.Add(new PublishedSensor
            {
                Name = "system",
                Driver = new SystemMetricsSensor(devices.ProcRoot, devices.SysfsRoot, system.DiskPath),
                TopicPrefix = "system.",
                ReadProcedure = "system.read",
                StatusTopic = "system.status",
                PollInterval = TimeSpan.FromMilliseconds(system.PollIntervalMs),
                Threshold = system.Threshold,
                Thresholds = system.Thresholds,
                PublishEvery = system.PublishEverySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            });
        }

        return sensors;
    }

    /// <summary>
    /// Opens a gpiochip by label: the simulated chip for <c>sim</c>; otherwise the chip whose sysfs label matches,
    /// through libgpiod (constructed directly: no driver discovery by reflection under AOT).
    /// </summary>
    public static GpioDriver OpenChip(string label, string sysfsRoot)
    {
        if (label == DeviceVocabulary.Sim)
        {
            return new SimulatedGpioDriver(lineCount: 64, label: DeviceVocabulary.Sim);
        }

        if (!GpioChipLabels.TryResolve(sysfsRoot, label, out int chip, out string? error))
        {
            throw new InvalidOperationException(error);
        }

        return new LibGpiodDriver(chip);
    }

    /// <summary>Opens a PWM pin's channel: simulated on the <c>sim</c> chip, else sysfs PWM.</summary>
    public static PwmChannel OpenPwm(GpioPinOptions pin) => pin.Chip == DeviceVocabulary.Sim
        ? new SimulatedPwmChannel(pin.Frequency, pin.Duty)
        : PwmChannel.Create(pin.PwmChip, pin.PwmChannel, pin.Frequency, pin.Duty);

    private static ISensorDriver CreateDriver(SensorConfig sensor, BoardConfig board, SensorEnvironment environment, TimeProvider time, ILogger logger)
    {
        string? error;
        if (sensor.Driver == DeviceVocabulary.Sim)
        {
            if (SimulatedEnvironmentSensor.TryCreate(sensor.Options, time, out SimulatedEnvironmentSensor? simulated, out error))
            {
                return simulated!;
            }
        }
        else
        {
            var options = new Dictionary<string, string>(sensor.Options, StringComparer.Ordinal);
            if (DeviceVocabulary.I2cDrivers.Contains(sensor.Driver))
            {
                options.TryAdd("bus", board.I2cBus.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (SensorDriverFactory.TryCreate(sensor.Driver, options, environment, out ISensorDriver? driver, out error))
            {
                return driver;
            }
        }

        // The sensor stays on its status topic with the reason, and the other devices and the router carry on.
        logger.SensorDriverUnavailable(sensor.Name, sensor.Driver, error ?? "unknown error");
        return new UnavailableSensor(error ?? "the driver could not be created");
    }

    private static GpioPinOptions ToOptions(PinConfig pin, BoardConfig board) => new()
    {
        Name = pin.Name,
        Chip = pin.Chip ?? board.Gpiochip,
        Line = pin.Line,
        Kind = pin.Mode switch
        {
            DeviceVocabulary.ModeOutput => GpioPinKind.Output,
            DeviceVocabulary.ModePwm => GpioPinKind.Pwm,
            _ => GpioPinKind.Input,
        },
        Pull = pin.Pull switch
        {
            DeviceVocabulary.PullUp => PinMode.InputPullUp,
            DeviceVocabulary.PullDown => PinMode.InputPullDown,
            _ => PinMode.Input,
        },
        Edge = pin.Edge switch
        {
            DeviceVocabulary.EdgeRising => PinEventTypes.Rising,
            DeviceVocabulary.EdgeFalling => PinEventTypes.Falling,
            _ => PinEventTypes.Rising | PinEventTypes.Falling,
        },
        Debounce = TimeSpan.FromMilliseconds(pin.DebounceMs),
        Initial = pin.Initial == DeviceVocabulary.LevelHigh ? PinValue.High : PinValue.Low,
        Safe = pin.Safe switch
        {
            DeviceVocabulary.LevelKeep => null,
            DeviceVocabulary.LevelHigh => PinValue.High,
            _ => PinValue.Low,
        },
        PwmChip = pin.PwmChip,
        PwmChannel = pin.PwmChannel,
        Frequency = pin.Frequency,
        Duty = pin.Duty,
        SafeDuty = pin.Safe == DeviceVocabulary.LevelKeep ? null : pin.SafeDuty,
    };

    private static IEnumerable<T> Merge<T>(IReadOnlyList<T> board, IReadOnlyList<T> config, Func<T, string> name, Func<T, bool> enabled)
    {
        var merged = new List<T>(board);
        foreach (T entry in config)
        {
            int existing = merged.FindIndex(candidate => name(candidate) == name(entry));
            if (existing >= 0)
            {
                merged[existing] = entry;
            }
            else
            {
                merged.Add(entry);
            }
        }

        return merged.Where(enabled);
    }
}
