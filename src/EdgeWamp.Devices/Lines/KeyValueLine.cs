namespace EdgeWamp.Devices.Lines;

/// <summary>
/// Reads <c>key=value</c> lines as sensors print them: <c>temp=21.5 hum=40.2</c>, <c>T:21.5,H:40.2</c>,
/// <c>temp=21.5;hum=40</c>. Pairs are separated by spaces, tabs, commas or semicolons; key and value by the first
/// <c>=</c> or <c>:</c>. Tokens without one are ignored.
/// </summary>
public static class KeyValueLine
{
    private static readonly char[] PairSeparators = [' ', '\t', ',', ';'];

    /// <summary>Adds each pair of <paramref name="line"/> to <paramref name="values"/>; returns how many were found.</summary>
    public static int Parse(string line, List<LineValue> values)
    {
        int found = 0;
        foreach (string token in line.Split(PairSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int split = token.IndexOfAny(['=', ':']);
            if (split <= 0 || split == token.Length - 1)
            {
                continue;
            }

            values.Add(LineValue.FromText(token[..split], token[(split + 1)..]));
            found++;
        }

        return found;
    }
}
