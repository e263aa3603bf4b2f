namespace EdgeWamp.Devices.Lines;

/// <summary>One value found in a line: raw text (key=value, regex) or already a number in SI units (NMEA).</summary>
public readonly record struct LineValue(string Key, string? Text, double Number, string? Unit)
{
    public static LineValue FromText(string key, string text) => new(key, text, 0, null);

    public static LineValue FromNumber(string key, double number, string? unit) => new(key, null, number, unit);

    public bool IsText => Text is not null;
}
