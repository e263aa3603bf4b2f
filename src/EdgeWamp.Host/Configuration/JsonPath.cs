namespace EdgeWamp.Host.Configuration;

/// <summary>
/// Builds and takes apart the JSONPath strings errors carry (<c>$.listeners[1].tcp</c>). Names that are not
/// plain identifiers use the bracket form (<c>$['my key']</c>), so a path always splits back unambiguously.
/// </summary>
internal static class JsonPath
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        IsIdentifier(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>The path of the value that contains <paramref name="path"/>, or null for the root.</summary>
    public static string? Parent(string path)
    {
        if (path.Length <= Root.Length)
        {
            return null;
        }

        int cut;
        if (path.EndsWith("']", StringComparison.Ordinal))
        {
            // Walk back to the "['" that opens this segment, skipping escaped quotes inside the name.
            cut = path.Length - 2;
            while (cut > 0 && !(path[cut] == '\'' && path[cut - 1] == '[' && !IsEscaped(path, cut)))
            {
                cut--;
            }

            cut--;
        }
        else if (path.EndsWith(']'))
        {
            cut = path.LastIndexOf('[');
        }
        else
        {
            cut = path.LastIndexOf('.');
        }

        return cut > 0 ? path[..cut] : Root;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or a value inside it.</summary>
    public static bool IsSameOrWithin(string path, string ancestor) =>
        path.StartsWith(ancestor, StringComparison.Ordinal)
        && (path.Length == ancestor.Length || path[ancestor.Length] is '.' or '[');

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEscaped(string path, int index)
    {
        var backslashes = 0;
        for (var i = index - 1; i >= 0 && path[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }
}
