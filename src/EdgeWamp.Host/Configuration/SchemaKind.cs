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

    /// <summary>A JSON object with any keys, each value of one shape (a dictionary in the model).</summary>
    Map,
}
