using System.Text.Json.Serialization.Metadata;

namespace EdgeWamp.Host.Configuration;

/// <summary>
/// The configuration's schema, read from the source-generated <see cref="EdgeWampJsonContext"/> metadata, so the
/// walker that reports unknown keys and wrong types can never disagree with the deserializer about names.
/// </summary>
internal static class ConfigSchema
{
    private static readonly Lazy<SchemaNode> LazyRoot = new(() => Build(EdgeWampJsonContext.Default.EdgeWampConfig));
    private static readonly Lazy<SchemaNode> LazyBoard = new(() => Build(EdgeWampJsonContext.Default.BoardConfig));

    /// <summary>The schema of <see cref="EdgeWampConfig"/>.</summary>
    public static SchemaNode Root => LazyRoot.Value;

    /// <summary>The schema of a board file, <see cref="BoardConfig"/>.</summary>
    public static SchemaNode Board => LazyBoard.Value;

    /// <summary>Builds the schema of a type from its generated metadata.</summary>
    public static SchemaNode Build(JsonTypeInfo typeInfo) => Build(typeInfo, new Dictionary<Type, SchemaNode>());

    private static SchemaNode Build(JsonTypeInfo typeInfo, Dictionary<Type, SchemaNode> built)
    {
        if (built.TryGetValue(typeInfo.Type, out var existing))
        {
            return existing;
        }

        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.Object:
                var node = SchemaNode.Object();
                built.Add(typeInfo.Type, node);
                foreach (var property in typeInfo.Properties)
                {
                    var propertyType = property.PropertyType;
                    var valueType = Nullable.GetUnderlyingType(propertyType);
                    var child = Build(typeInfo.Options.GetTypeInfo(valueType ?? propertyType), built);
                    var nullable = valueType is not null || (!propertyType.IsValueType && property.IsSetNullable);
                    node.Properties.Add(property.Name, new SchemaProperty(property.Name, child, property.IsRequired, nullable));
                }

                return node;

            case JsonTypeInfoKind.Dictionary when typeInfo.ElementType is { } valueType:
                return SchemaNode.MapOf(Build(typeInfo.Options.GetTypeInfo(valueType), built));

            case JsonTypeInfoKind.Enumerable when typeInfo.ElementType is { } elementType:
                return SchemaNode.ArrayOf(Build(typeInfo.Options.GetTypeInfo(elementType), built));

            default:
                return BuildPrimitive(typeInfo.Type);
        }
    }

    private static SchemaNode BuildPrimitive(Type type)
    {
        if (type == typeof(string))
        {
            return SchemaNode.String;
        }

        if (type == typeof(bool))
        {
            return SchemaNode.Boolean;
        }

        if (type == typeof(int))
        {
            return SchemaNode.Integer(int.MinValue, int.MaxValue);
        }

        if (type == typeof(double))
        {
            return SchemaNode.Number;
        }

        if (type == typeof(long))
        {
            return SchemaNode.Integer(long.MinValue, long.MaxValue);
        }

        // A model type the walker cannot check is a bug in this assembly, not in the user's file.
        throw new NotSupportedException($"Configuration schema: no JSON shape for {type}.");
    }
}
