namespace EdgeWamp.Host.Configuration;

/// <summary>What <see cref="SchemaWalker"/> found in a document.</summary>
/// <param name="CleanedUtf8">
/// The document with unknown keys, duplicates and wrong-typed values taken out (or, where required, replaced by
/// neutral placeholders), so the generated deserializer cannot fail on it; null after a syntax error.
/// </param>
/// <param name="Errors">Syntax, unknown-key, duplicate-key, missing-member and type errors, located.</param>
/// <param name="ErrorPaths">The paths of those errors; later errors at or inside them only repeat them.</param>
/// <param name="Locations">Where every value starts.</param>
internal sealed record SchemaWalkResult(
    byte[]? CleanedUtf8,
    IReadOnlyList<ConfigError> Errors,
    IReadOnlyList<string> ErrorPaths,
    ValueLocations Locations);
