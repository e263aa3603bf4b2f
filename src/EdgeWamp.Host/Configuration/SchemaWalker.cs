using System.Buffers;
using System.Text.Json;

namespace EdgeWamp.Host.Configuration;

/// <summary>
/// Walks a JSON document token by token against a <see cref="SchemaNode"/> and reports every unknown key,
/// duplicate key, missing required member and wrong-typed value with its path, line and column. The generated
/// deserializer stops at the first such error; this walk goes on, and writes a cleaned copy the deserializer
/// accepts, so the semantic checks can still run and every error in the file is reported at once.
/// </summary>
internal sealed class SchemaWalker : IDisposable
{
    private readonly SourceText _text;
    private readonly string _source;
    private readonly List<ConfigError> _errors = [];
    private readonly List<string> _errorPaths = [];
    private readonly ValueLocations _locations = new();
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly Utf8JsonWriter _writer;

    // The path being read, so a syntax error can say where in the document it happened.
    private string _currentPath = JsonPath.Root;

    private SchemaWalker(SourceText text, string source)
    {
        _text = text;
        _source = source;
        _writer = new Utf8JsonWriter(_output);
    }

    public static SchemaWalkResult Walk(SourceText text, string source, SchemaNode root)
    {
        using var walker = new SchemaWalker(text, source);
        return walker.WalkDocument(root);
    }

    public void Dispose() => _writer.Dispose();

    private SchemaWalkResult WalkDocument(SchemaNode root)
    {
        if (_text.Utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            // The reader would say "does not contain any JSON tokens" at the end; the start says it plainer.
            AddError(JsonPath.Root, 0, $"the file is empty; expected {root.Description}");
            return Finish(cleaned: false);
        }

        var reader = new Utf8JsonReader(_text.Utf8, EdgeWampJsonContext.ReaderOptions);
        try
        {
            reader.Read();
            WalkElement(ref reader, root, JsonPath.Root);

            // Reading past the root value makes the reader reject anything but whitespace and comments after it.
            reader.Read();
        }
        catch (JsonException exception)
        {
            var offset = _text.GetOffset(exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
            AddError(_currentPath, offset, SyntaxMessage(exception));
            return Finish(cleaned: false);
        }

        return Finish(cleaned: true);
    }

    private SchemaWalkResult Finish(bool cleaned)
    {
        _writer.Flush();
        return new SchemaWalkResult(cleaned ? _output.WrittenSpan.ToArray() : null, _errors, _errorPaths, _locations);
    }

    /// <summary>Walks an array item or the root: a value that must be written, so a wrong one becomes a placeholder.</summary>
    private void WalkElement(ref Utf8JsonReader reader, SchemaNode node, string path)
    {
        _locations.Add(path, reader.TokenStartIndex);
        if (Mismatch(ref reader, node, nullable: false) is { } message)
        {
            AddError(path, reader.TokenStartIndex, message);
            reader.Skip();
            WritePlaceholder(node);
            return;
        }

        WriteValue(ref reader, node, path);
    }

    /// <summary>Copies a value whose token already matches <paramref name="node"/>, checking inside containers.</summary>
    private void WriteValue(ref Utf8JsonReader reader, SchemaNode node, string path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                _writer.WriteNullValue();
                break;
            case JsonTokenType.StartObject when node.Kind == SchemaKind.Map:
                WalkMap(ref reader, node.Items!, path);
                break;
            case JsonTokenType.StartObject:
                WalkObject(ref reader, node, path);
                break;
            case JsonTokenType.StartArray:
                WalkArray(ref reader, node.Items!, path);
                break;
            case JsonTokenType.String:
                _writer.WriteStringValue(GetString(ref reader, path) ?? string.Empty);
                break;
            case JsonTokenType.Number when node.Kind == SchemaKind.Number:
                _writer.WriteNumberValue(reader.GetDouble());
                break;
            case JsonTokenType.Number:
                _writer.WriteNumberValue(reader.GetInt64());
                break;
            default:
                _writer.WriteBooleanValue(reader.GetBoolean());
                break;
        }
    }

    private void WalkObject(ref Utf8JsonReader reader, SchemaNode node, string path)
    {
        var objectStart = reader.TokenStartIndex;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _writer.WriteStartObject();
        while (Next(ref reader, path) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyStart = reader.TokenStartIndex;
            var name = GetString(ref reader, path);
            var childPath = name is null ? path : JsonPath.Property(path, name);
            _currentPath = childPath;
            reader.Read();
            if (name is null)
            {
                reader.Skip();
                continue;
            }

            if (!node.Properties.TryGetValue(name, out var property))
            {
                AddError(childPath, keyStart, UnknownPropertyMessage(name, node));
                reader.Skip();
                continue;
            }

            if (!seen.Add(name))
            {
                AddError(childPath, keyStart, $"duplicate property '{name}'; each property may appear once");
                reader.Skip();
                continue;
            }

            _locations.Add(childPath, reader.TokenStartIndex);
            if (Mismatch(ref reader, property.Node, property.IsNullable) is { } message)
            {
                AddError(childPath, reader.TokenStartIndex, message);
                reader.Skip();

                // An optional member is left out so its default applies; a required one needs a stand-in.
                if (property.IsRequired)
                {
                    _writer.WritePropertyName(name);
                    WritePlaceholder(property.Node);
                }

                continue;
            }

            _writer.WritePropertyName(name);
            WriteValue(ref reader, property.Node, childPath);
        }

        foreach (var property in node.Properties.Values)
        {
            if (property.IsRequired && !seen.Contains(property.Name))
            {
                AddError(JsonPath.Property(path, property.Name), objectStart, $"missing required property '{property.Name}'");
                _writer.WritePropertyName(property.Name);
                WritePlaceholder(property.Node);
            }
        }

        _writer.WriteEndObject();
    }

    /// <summary>A dictionary: any key, each once, each value checked against <paramref name="values"/>.</summary>
    private void WalkMap(ref Utf8JsonReader reader, SchemaNode values, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _writer.WriteStartObject();
        while (Next(ref reader, path) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyStart = reader.TokenStartIndex;
            var name = GetString(ref reader, path);
            var childPath = name is null ? path : JsonPath.Property(path, name);
            _currentPath = childPath;
            reader.Read();
            if (name is null)
            {
                reader.Skip();
                continue;
            }

            if (!seen.Add(name))
            {
                AddError(childPath, keyStart, $"duplicate property '{name}'; each property may appear once");
                reader.Skip();
                continue;
            }

            _locations.Add(childPath, reader.TokenStartIndex);

            // Driver options are strings, but "bus": 1 is what people write: a number is kept as its exact text.
            if (values.Kind == SchemaKind.String && reader.TokenType == JsonTokenType.Number)
            {
                _writer.WritePropertyName(name);
                _writer.WriteStringValue(RawText(ref reader));
                continue;
            }

            if (Mismatch(ref reader, values, nullable: false) is { } message)
            {
                AddError(childPath, reader.TokenStartIndex, message);
                reader.Skip();
                continue;
            }

            _writer.WritePropertyName(name);
            WriteValue(ref reader, values, childPath);
        }

        _writer.WriteEndObject();
    }

    private void WalkArray(ref Utf8JsonReader reader, SchemaNode items, string path)
    {
        _writer.WriteStartArray();
        var index = 0;
        while (Next(ref reader, path) && reader.TokenType != JsonTokenType.EndArray)
        {
            var itemPath = JsonPath.Index(path, index++);
            _currentPath = itemPath;
            WalkElement(ref reader, items, itemPath);
        }

        _writer.WriteEndArray();
    }

    /// <summary>
    /// The string at the reader, or null after reporting it when it is not valid Unicode: the reader checks
    /// UTF-8 and surrogate pairs only when a string is decoded, and the walk goes on past such a value.
    /// </summary>
    private string? GetString(ref Utf8JsonReader reader, string path)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            AddError(path, reader.TokenStartIndex, "the text is not valid Unicode (invalid UTF-8, or an unpaired surrogate escape such as \\ud800)");
            return null;
        }
    }

    /// <summary>Reads the next token of the container at <paramref name="path"/>, which a syntax error there is reported at.</summary>
    private bool Next(ref Utf8JsonReader reader, string path)
    {
        _currentPath = path;
        return reader.Read();
    }

    /// <summary>Writes a neutral value of the right shape, with placeholders for required members.</summary>
    private void WritePlaceholder(SchemaNode node)
    {
        switch (node.Kind)
        {
            case SchemaKind.Map:
                _writer.WriteStartObject();
                _writer.WriteEndObject();
                break;
            case SchemaKind.Object:
                _writer.WriteStartObject();
                foreach (var property in node.Properties.Values)
                {
                    if (property.IsRequired)
                    {
                        _writer.WritePropertyName(property.Name);
                        WritePlaceholder(property.Node);
                    }
                }

                _writer.WriteEndObject();
                break;
            case SchemaKind.Array:
                _writer.WriteStartArray();
                _writer.WriteEndArray();
                break;
            case SchemaKind.String:
                _writer.WriteStringValue(string.Empty);
                break;
            case SchemaKind.Integer:
                _writer.WriteNumberValue(Math.Clamp(0, node.Minimum, node.Maximum));
                break;
            case SchemaKind.Number:
                _writer.WriteNumberValue(0);
                break;
            default:
                _writer.WriteBooleanValue(false);
                break;
        }
    }

    /// <summary>Why the current token cannot be a value of <paramref name="node"/>, or null when it can.</summary>
    private static string? Mismatch(ref Utf8JsonReader reader, SchemaNode node, bool nullable)
    {
        var token = reader.TokenType;
        if (token == JsonTokenType.Null && nullable)
        {
            return null;
        }

        var matches = node.Kind switch
        {
            SchemaKind.Object or SchemaKind.Map => token == JsonTokenType.StartObject,
            SchemaKind.Array => token == JsonTokenType.StartArray,
            SchemaKind.String => token == JsonTokenType.String,
            SchemaKind.Boolean => token is JsonTokenType.True or JsonTokenType.False,
            _ => token == JsonTokenType.Number,
        };
        if (!matches)
        {
            return $"expected {node.Description}, found {Describe(token)}";
        }

        if (node.Kind == SchemaKind.Number && !reader.TryGetDouble(out _))
        {
            return $"expected a number, found {RawText(ref reader)}";
        }

        if (node.Kind == SchemaKind.Integer)
        {
            if (!reader.TryGetInt64(out var value))
            {
                return $"expected an integer, found {RawText(ref reader)}";
            }

            if (value < node.Minimum || value > node.Maximum)
            {
                return $"{value} is out of range; expected an integer from {node.Minimum} to {node.Maximum}";
            }
        }

        return null;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    private static string RawText(ref Utf8JsonReader reader) => System.Text.Encoding.UTF8.GetString(reader.ValueSpan);

    private static string UnknownPropertyMessage(string name, SchemaNode node)
    {
        var known = node.Properties.Keys;
        return SpellingSuggestion.Closest(name, known) is { } suggestion
            ? $"unknown property '{name}'; did you mean '{suggestion}'?"
            : $"unknown property '{name}'; expected one of: {string.Join(", ", known)}";
    }

    /// <summary>The reader's message without its 0-based "LineNumber: … | BytePositionInLine: …" tail, which the error's own 1-based position replaces.</summary>
    private static string SyntaxMessage(JsonException exception)
    {
        var message = exception.Message;
        var tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return "invalid JSON: " + (tail >= 0 ? message[..tail] : message);
    }

    private void AddError(string path, long offset, string message)
    {
        _errors.Add(new ConfigError(_source, path, _text.GetPosition(offset), message));
        _errorPaths.Add(path);
    }
}
