using System.Globalization;

namespace EdgeWamp.Devices.Gpio;

/// <summary>
/// Finds a gpiochip's number by its label, as the kernel lists them in <c>/sys/bus/gpio/devices/gpiochipN/label</c>
/// (or <c>/sys/class/gpio/gpiochipN/label</c> on older kernels). Board files name chips by label because the number
/// changes between boards and kernels: the Pi 5's header pins are on <c>pinctrl-rp1</c>, gpiochip4 on early kernels and
/// gpiochip0 since 6.6.
/// </summary>
public static class GpioChipLabels
{
    /// <summary>The number of the chip labelled <paramref name="label"/> under <paramref name="sysfsRoot"/>, or an error.</summary>
    public static bool TryResolve(string sysfsRoot, string label, out int chip, out string? error)
    {
        var found = new SortedDictionary<int, string>();
        foreach (string folder in new[] { Path.Combine(sysfsRoot, "bus", "gpio", "devices"), Path.Combine(sysfsRoot, "class", "gpio") })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string entry in Directory.EnumerateFileSystemEntries(folder, "gpiochip*"))
            {
                string name = Path.GetFileName(entry);
                if (!int.TryParse(name.AsSpan("gpiochip".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int number) || found.ContainsKey(number))
                {
                    continue;
                }

                try
                {
                    found[number] = File.ReadAllText(Path.Combine(entry, "label")).Trim();
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // A chip without a readable label cannot be the one asked for.
                }
            }
        }

        foreach ((int number, string chipLabel) in found)
        {
            if (chipLabel == label)
            {
                chip = number;
                error = null;
                return true;
            }
        }

        chip = -1;
        error = found.Count == 0
            ? $"no gpiochip found under {sysfsRoot} (is this the right board, and is sysfs mounted?)"
            : $"no gpiochip labelled '{label}'; this machine has: {string.Join(", ", found.Select(pair => $"gpiochip{pair.Key} '{pair.Value}'"))}";
        return false;
    }
}
