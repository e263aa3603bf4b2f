namespace EdgeWamp.Host.Configuration;

/// <summary>Parses file modes written as octal strings (<c>"0660"</c>), as chmod takes them.</summary>
internal static class OctalMode
{
    /// <summary>Parses three or four octal digits (a leading digit sets setuid, setgid and sticky).</summary>
    public static bool TryParse(string text, out UnixFileMode mode)
    {
        mode = default;
        if (text.Length is < 3 or > 4 || !text.All(c => c is >= '0' and <= '7'))
        {
            return false;
        }

        var value = 0;
        foreach (var c in text)
        {
            value = (value * 8) + (c - '0');
        }

        mode = (UnixFileMode)value;
        return true;
    }

    /// <summary>Formats a mode back to four octal digits.</summary>
    public static string Format(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
