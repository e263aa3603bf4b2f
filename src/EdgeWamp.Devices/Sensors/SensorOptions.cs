using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// Reads one sensor entry's <c>options</c> (invariant strings from the config layer), naming the key in every error.
/// Each Try method returns false with a one-line error; the caller stops at the first.
/// </summary>
internal sealed class SensorOptions
{
    private readonly string _driver;
    private readonly IReadOnlyDictionary<string, string> _values;

    public SensorOptions(string driver, IReadOnlyDictionary<string, string> values)
    {
        _driver = driver;
        _values = values;
    }

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>Every key must be one the driver knows: a typo is an error, not silence.</summary>
    public bool TryCheckKeys(ReadOnlySpan<string> known, [NotNullWhen(false)] out string? error)
    {
        foreach (string key in _values.Keys)
        {
            if (!known.Contains(key))
            {
                error = known.IsEmpty
                    ? $"option '{key}': the {_driver} driver takes no options"
                    : $"option '{key}': unknown for the {_driver} driver (known: {string.Join(", ", known.ToArray())})";
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>An integer in decimal or 0x-prefixed hex (I2C addresses are usually written in hex).</summary>
    public bool TryGetInteger(string key, int fallback, int min, int max, out int value, [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (!_values.TryGetValue(key, out string? text))
        {
            return true;
        }

        ReadOnlySpan<char> span = text.AsSpan().Trim();
        bool parsed = span.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(span[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : int.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        if (!parsed)
        {
            error = $"option '{key}': '{text}' is not an integer (decimal, or hex like 0x76)";
            return false;
        }

        if (value < min || value > max)
        {
            error = $"option '{key}': {text} is out of range ({min}..{max})";
            return false;
        }

        return true;
    }

    /// <summary>A 7-bit I2C address; 0x00-0x02 and 0x78-0x7F are reserved by the I2C specification.</summary>
    public bool TryGetAddress(int fallback, out int address, [NotNullWhen(false)] out string? error) =>
        TryGetInteger("address", fallback, 0x03, 0x77, out address, out error);

    /// <summary>The Linux I2C bus number (/dev/i2c-N).</summary>
    public bool TryGetBus(out int bus, [NotNullWhen(false)] out string? error) =>
        TryGetInteger("bus", 1, 0, 255, out bus, out error);

    /// <summary>One of a fixed set of words or numbers; returns the index of the match in <paramref name="allowed"/>.</summary>
    public bool TryGetChoice(string key, ReadOnlySpan<string> allowed, int fallback, out int index, [NotNullWhen(false)] out string? error)
    {
        index = fallback;
        error = null;
        if (!_values.TryGetValue(key, out string? text))
        {
            return true;
        }

        string trimmed = text.Trim();
        for (int i = 0; i < allowed.Length; i++)
        {
            if (string.Equals(allowed[i], trimmed, StringComparison.OrdinalIgnoreCase) || SameNumber(allowed[i], trimmed))
            {
                index = i;
                return true;
            }
        }

        error = $"option '{key}': '{text}' is not one of {string.Join(", ", allowed.ToArray())}";
        return false;
    }

    /// <summary>A non-empty string, or null when the key is absent.</summary>
    public bool TryGetText(string key, out string? value, [NotNullWhen(false)] out string? error)
    {
        error = null;
        value = null;
        if (!_values.TryGetValue(key, out string? text))
        {
            return true;
        }

        value = text.Trim();
        // Names become sysfs path segments: no separators, no "." or "..".
        if (value.Length == 0 || value is "." or ".." || value.Contains('/', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
        {
            error = $"option '{key}': '{text}' must be a name, not a path";
            return false;
        }

        return true;
    }

    /// <summary>A comma-separated list of names (e.g. channels), or null when the key is absent.</summary>
    public bool TryGetList(string key, out string[]? items, [NotNullWhen(false)] out string? error)
    {
        items = null;
        error = null;
        if (!_values.TryGetValue(key, out string? text))
        {
            return true;
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            error = $"option '{key}': the list is empty";
            return false;
        }

        for (int i = 0; i < parts.Length; i++)
        {
            if (Array.IndexOf(parts, parts[i]) != i)
            {
                error = $"option '{key}': '{parts[i]}' is listed twice";
                return false;
            }
        }

        items = parts;
        return true;
    }

    /// <summary>"1" matches "1.0" and "0.5" matches ".5": numbers written differently in JSON still match.</summary>
    private static bool SameNumber(string allowed, string text) =>
        double.TryParse(allowed, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double b)
        && a == b;
}
