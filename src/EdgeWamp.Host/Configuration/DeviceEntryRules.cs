using EdgeWamp.Devices.Sensors;

namespace EdgeWamp.Host.Configuration;

/// <summary>The checks on pin and sensor entries, shared by board files and the <c>devices</c> section.</summary>
internal static class DeviceEntryRules
{
    /// <summary>The shortest poll interval: a sensor read ten times a second is plenty, and bounds the CPU spent.</summary>
    public const int MinPollIntervalMs = 100;

    /// <summary>The longest poll interval: one day.</summary>
    public const int MaxPollIntervalMs = 86_400_000;

    /// <summary>The longest debounce: a contact that bounces for more than 10 s is broken.</summary>
    public const int MaxDebounceMs = 10_000;

    /// <summary>Checks each entry and that names are unique within each list.</summary>
    public static void CheckEntries(IReadOnlyList<PinConfig> pins, IReadOnlyList<SensorConfig> sensors, string path, List<ValidationError> errors)
    {
        var pinNames = new HashSet<string>(StringComparer.Ordinal);
        var lines = new HashSet<(string?, int)>();
        for (int i = 0; i < pins.Count; i++)
        {
            string pinPath = $"{path}.pins[{i}]";
            CheckPin(pins[i], pinPath, errors);
            if (!pinNames.Add(pins[i].Name))
            {
                errors.Add(new ValidationError($"{pinPath}.name", $"duplicate pin name '{pins[i].Name}'"));
            }

            // A line serves one pin: the kernel refuses a second request for it.
            if (pins[i].Enabled && pins[i].Mode != DeviceVocabulary.ModePwm && !lines.Add((pins[i].Chip, pins[i].Line)))
            {
                errors.Add(new ValidationError($"{pinPath}.line", $"line {pins[i].Line} is already used by another pin"));
            }
        }

        var sensorNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < sensors.Count; i++)
        {
            string sensorPath = $"{path}.sensors[{i}]";
            CheckSensor(sensors[i], sensorPath, errors);
            if (!sensorNames.Add(sensors[i].Name))
            {
                errors.Add(new ValidationError($"{sensorPath}.name", $"duplicate sensor name '{sensors[i].Name}'"));
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is one URI component: lowercase letters, digits and <c>_</c>.</summary>
    public static bool IsUriComponent(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    private static void CheckPin(PinConfig pin, string path, List<ValidationError> errors)
    {
        CheckName(pin.Name, $"{path}.name", "pin", errors);
        if (!pin.Enabled)
        {
            return;
        }

        CheckOneOf(pin.Mode, DeviceVocabulary.Modes, $"{path}.mode", "mode", errors);
        CheckOneOf(pin.Pull, DeviceVocabulary.Pulls, $"{path}.pull", "pull", errors);
        CheckOneOf(pin.Edge, DeviceVocabulary.Edges, $"{path}.edge", "edge", errors);
        CheckOneOf(pin.Initial, DeviceVocabulary.InitialLevels, $"{path}.initial", "initial level", errors);
        CheckOneOf(pin.Safe, DeviceVocabulary.SafeLevels, $"{path}.safe", "safe level", errors);
        if (pin.Line < 0)
        {
            errors.Add(new ValidationError($"{path}.line", $"{pin.Line} is out of range; a line offset is 0 or more"));
        }

        if (pin.Chip is { } chip && string.IsNullOrWhiteSpace(chip))
        {
            errors.Add(new ValidationError($"{path}.chip", "the chip label must not be empty; leave 'chip' out to use the board's gpiochip"));
        }

        if (pin.DebounceMs is < 0 or > MaxDebounceMs)
        {
            errors.Add(new ValidationError($"{path}.debounceMs", $"{pin.DebounceMs} is out of range; use 0 to {MaxDebounceMs} ms"));
        }

        if (pin.Mode == DeviceVocabulary.ModePwm)
        {
            if (pin.Frequency < 1)
            {
                errors.Add(new ValidationError($"{path}.frequency", $"{pin.Frequency} is out of range; a PWM frequency is at least 1 Hz"));
            }

            if (pin.Duty is < 0 or > 1)
            {
                errors.Add(new ValidationError($"{path}.duty", $"{pin.Duty} is out of range; a duty cycle is from 0 to 1"));
            }

            if (pin.SafeDuty is < 0 or > 1)
            {
                errors.Add(new ValidationError($"{path}.safeDuty", $"{pin.SafeDuty} is out of range; a duty cycle is from 0 to 1"));
            }

            if (pin.PwmChip < 0 || pin.PwmChannel < 0)
            {
                errors.Add(new ValidationError($"{path}.{(pin.PwmChip < 0 ? "pwmChip" : "pwmChannel")}", "PWM chip and channel numbers are 0 or more"));
            }
        }
    }

    private static void CheckSensor(SensorConfig sensor, string path, List<ValidationError> errors)
    {
        CheckName(sensor.Name, $"{path}.name", "sensor", errors);
        if (!sensor.Enabled)
        {
            return;
        }

        bool simulated = sensor.Driver == DeviceVocabulary.Sim;
        if (!simulated && !SensorDriverFactory.Drivers.Contains(sensor.Driver))
        {
            errors.Add(new ValidationError($"{path}.driver", $"unknown sensor driver '{sensor.Driver}'; expected one of: {DeviceVocabulary.Sim}, {string.Join(", ", SensorDriverFactory.Drivers)}"));
        }
        else if (simulated && !SimulatedEnvironmentSensor.TryCreate(sensor.Options, TimeProvider.System, out _, out string? error))
        {
            errors.Add(new ValidationError($"{path}.options", error!));
        }

        if (sensor.PollIntervalMs is < MinPollIntervalMs or > MaxPollIntervalMs)
        {
            errors.Add(new ValidationError($"{path}.pollIntervalMs", $"{sensor.PollIntervalMs} is out of range; use {MinPollIntervalMs} to {MaxPollIntervalMs} ms"));
        }

        CheckPublishing(sensor.Threshold, sensor.Thresholds, sensor.PublishEverySeconds, path, errors);
    }

    /// <summary>Thresholds are 0 or more; a publishing period is at least a second.</summary>
    public static void CheckPublishing(double? threshold, Dictionary<string, double> thresholds, int? publishEverySeconds, string path, List<ValidationError> errors)
    {
        if (threshold is < 0)
        {
            errors.Add(new ValidationError($"{path}.threshold", $"{threshold} is out of range; a threshold is 0 or more"));
        }

        foreach ((string quantity, double value) in thresholds)
        {
            if (value < 0)
            {
                errors.Add(new ValidationError(JsonPath.Property($"{path}.thresholds", quantity), $"{value} is out of range; a threshold is 0 or more"));
            }
        }

        if (publishEverySeconds is < 1)
        {
            errors.Add(new ValidationError($"{path}.publishEverySeconds", $"{publishEverySeconds} is out of range; use 1 second or more, or leave it out"));
        }
    }

    private static void CheckName(string name, string path, string what, List<ValidationError> errors)
    {
        if (!IsUriComponent(name))
        {
            errors.Add(new ValidationError(path, $"'{name}' is not a valid {what} name; use lowercase letters, digits and '_' (it becomes one part of a URI)"));
        }
    }

    private static void CheckOneOf(string value, string[] known, string path, string what, List<ValidationError> errors)
    {
        if (!known.Contains(value))
        {
            errors.Add(new ValidationError(path, $"unknown {what} '{value}'; expected one of: {string.Join(", ", known)}"));
        }
    }
}
