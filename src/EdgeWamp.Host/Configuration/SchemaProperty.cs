namespace EdgeWamp.Host.Configuration;

/// <summary>A known member of a configuration object.</summary>
/// <param name="Name">The JSON name, exactly as the file spells it.</param>
/// <param name="Node">The shape of its value.</param>
/// <param name="IsRequired">True for C# <c>required</c> members: the file must set them.</param>
/// <param name="IsNullable">True when JSON <c>null</c> is accepted (it means "not set").</param>
internal sealed record SchemaProperty(string Name, SchemaNode Node, bool IsRequired, bool IsNullable);
