namespace EdgeWamp.Host.Configuration;

/// <summary>Where each value of a JSON document starts, by JSONPath, to place errors found after deserialization.</summary>
internal sealed class ValueLocations
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);

    public void Add(string path, long offset) => _offsets.TryAdd(path, offset);

    /// <summary>
    /// The offset of the value at <paramref name="path"/>, or of its nearest enclosing value when the path names
    /// something the file leaves out (a missing member is reported where its object starts).
    /// </summary>
    public long Find(string path)
    {
        for (string? current = path; current is not null; current = JsonPath.Parent(current))
        {
            if (_offsets.TryGetValue(current, out var offset))
            {
                return offset;
            }
        }

        return 0;
    }
}
