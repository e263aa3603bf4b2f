using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeWamp.Host.Configuration;

/// <summary>
/// Source-generated System.Text.Json metadata for the configuration, so loading needs no reflection under
/// Native AOT. Pass <c>EdgeWampJsonContext.Default.EdgeWampConfig</c> to every <see cref="JsonSerializer"/> call.
/// </summary>
/// <remarks>
/// Comments and trailing commas are allowed because people edit this file by hand on the device;
/// <see cref="ReaderOptions"/> gives <see cref="Utf8JsonReader"/> the same settings.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(EdgeWampConfig))]
[JsonSerializable(typeof(BoardConfig))]
internal sealed partial class EdgeWampJsonContext : JsonSerializerContext
{
    /// <summary>Reader settings that accept exactly what the generated deserializer accepts.</summary>
    public static JsonReaderOptions ReaderOptions => new()
    {
        CommentHandling = Default.Options.ReadCommentHandling,
        AllowTrailingCommas = Default.Options.AllowTrailingCommas,
        MaxDepth = Default.Options.MaxDepth,
    };
}
