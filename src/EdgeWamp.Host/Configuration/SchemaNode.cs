namespace EdgeWamp.Host.Configuration;

/// <summary>The expected shape of one configuration value, derived from the model by <see cref="ConfigSchema"/>.</summary>
internal sealed class SchemaNode
{
    private static readonly OrderedDictionary<string, SchemaProperty> NoProperties = new(StringComparer.Ordinal);

    private SchemaNode(SchemaKind kind)
    {
        Kind = kind;
    }

    public SchemaKind Kind { get; }

    /// <summary>The known members, by JSON name, when <see cref="Kind"/> is <see cref="SchemaKind.Object"/>.</summary>
    /// <remarks>
    /// In the model's declaration order, which error messages list them in. Filled after construction, so the
    /// builder can cache a node before visiting its members.
    /// </remarks>
    public OrderedDictionary<string, SchemaProperty> Properties { get; private init; } = NoProperties;

    /// <summary>The shape of the items when <see cref="Kind"/> is <see cref="SchemaKind.Array"/>, or of the values of a <see cref="SchemaKind.Map"/>.</summary>
    public SchemaNode? Items { get; private init; }

    /// <summary>The smallest value the model's integer type holds.</summary>
    public long Minimum { get; private init; }

    /// <summary>The largest value the model's integer type holds.</summary>
    public long Maximum { get; private init; }

    public static SchemaNode String { get; } = new(SchemaKind.String);

    public static SchemaNode Boolean { get; } = new(SchemaKind.Boolean);

    public static SchemaNode Integer(long minimum, long maximum) =>
        new(SchemaKind.Integer) { Minimum = minimum, Maximum = maximum };

    /// <summary>A JSON number, integral or not (a <see cref="double"/> in the model).</summary>
    public static SchemaNode Number { get; } = new(SchemaKind.Number);

    public static SchemaNode ArrayOf(SchemaNode items) => new(SchemaKind.Array) { Items = items };

    /// <summary>An object whose keys are free and whose values all have the shape <paramref name="values"/>.</summary>
    public static SchemaNode MapOf(SchemaNode values) => new(SchemaKind.Map) { Items = values };

    public static SchemaNode Object() => new(SchemaKind.Object) { Properties = new(StringComparer.Ordinal) };

    /// <summary>How error messages name this shape, e.g. "an integer".</summary>
    public string Description => Kind switch
    {
        SchemaKind.Object or SchemaKind.Map => "an object",
        SchemaKind.Array => "an array",
        SchemaKind.String => "a string",
        SchemaKind.Integer => "an integer",
        SchemaKind.Number => "a number",
        _ => "a boolean",
    };
}
