namespace EdgeWamp.Host.Configuration;

/// <summary>The JSON shapes a configuration value can have.</summary>
internal enum SchemaKind
{
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}
