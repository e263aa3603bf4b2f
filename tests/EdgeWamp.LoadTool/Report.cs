using System.Text.Json;

namespace EdgeWamp.LoadTool;

/// <summary>The result of one scenario: ordered name/value pairs, written as one JSON object.</summary>
internal sealed class Report
{
    private readonly List<(string Name, object Value)> _entries = [];

    public Report Add(string name, string value)
    {
        _entries.Add((name, value));
        return this;
    }

    public Report Add(string name, double value)
    {
        _entries.Add((name, double.IsFinite(value) ? Math.Round(value, 3) : -1.0));
        return this;
    }

    public void WriteTo(Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        foreach ((string name, object value) in _entries)
        {
            if (value is string text)
            {
                writer.WriteString(name, text);
            }
            else
            {
                writer.WriteNumber(name, (double)value);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        stream.Write("\n"u8);
    }
}
