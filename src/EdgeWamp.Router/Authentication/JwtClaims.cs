using System.Text.Json;

namespace EdgeWamp.Router.Authentication;

/// <summary>The top-level claims of a JWT header or payload (RFC 7519) that are strings, numbers or lists of strings.</summary>
internal sealed class JwtClaims
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _lists = new(StringComparer.Ordinal);

    /// <summary>Reads one JSON object with <see cref="Utf8JsonReader"/> (no reflection); false when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out JwtClaims claims)
    {
        claims = new JwtClaims();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String: claims._strings[name] = reader.GetString()!; break;
                    case JsonTokenType.Number: claims._numbers[name] = reader.GetDouble(); break;
                    case JsonTokenType.StartArray: claims.ReadList(ref reader, name); break;
                    default: reader.Skip(); break;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public string? String(string name) => _strings.GetValueOrDefault(name);

    public double? Number(string name) => _numbers.TryGetValue(name, out double value) ? value : null;

    /// <summary>A claim that is a string, or a list of strings (e.g. "aud"), contains <paramref name="value"/>.</summary>
    public bool Contains(string name, string value) =>
        _strings.TryGetValue(name, out string? single) ? single == value : _lists.TryGetValue(name, out List<string>? list) && list.Contains(value);

    private void ReadList(ref Utf8JsonReader reader, string name)
    {
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                list.Add(reader.GetString()!);
            }
            else
            {
                reader.Skip();
            }
        }

        _lists[name] = list;
    }
}
