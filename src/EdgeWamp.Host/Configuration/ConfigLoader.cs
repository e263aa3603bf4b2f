using System.Text;
using System.Text.Json;

namespace EdgeWamp.Host.Configuration;

/// <summary>
/// Loads and validates a configuration, reporting every error in the file at once.
/// </summary>
/// <remarks>
/// Three passes, because the generated deserializer stops at the first error:
/// 1. <see cref="SchemaWalker"/> reads the tokens: syntax errors, unknown keys, wrong types, missing members,
///    each with its path, line and column; it writes a cleaned copy of the document.
/// 2. The cleaned copy is deserialized with <see cref="EdgeWampJsonContext"/> (no reflection).
/// 3. <see cref="ConfigValidator"/> checks meaning (names, references, ranges); each error is placed at the
///    value its path names, unless pass 1 already reported that value.
/// </remarks>
internal static class ConfigLoader
{
    /// <summary>The manifest name of the embedded default configuration (see the Host csproj).</summary>
    public const string DefaultResourceName = "EdgeWamp.Host.default-config.json";

    /// <summary>The source name errors in the embedded default are reported under.</summary>
    public const string DefaultSourceName = "<embedded default-config.json>";

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Loads the configuration from UTF-8 JSON; <paramref name="sourceName"/> names it in errors.</summary>
    public static ConfigLoadResult Load(ReadOnlySpan<byte> utf8Json, string sourceName)
    {
        if (utf8Json.StartsWith(Utf8ByteOrderMark))
        {
            utf8Json = utf8Json[Utf8ByteOrderMark.Length..];
        }

        var text = new SourceText(utf8Json.ToArray());
        var walk = SchemaWalker.Walk(text, sourceName, ConfigSchema.Root);
        var errors = new List<ConfigError>(walk.Errors);
        if (walk.CleanedUtf8 is null)
        {
            return ConfigLoadResult.Failure(sourceName, errors);
        }

        EdgeWampConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(walk.CleanedUtf8, EdgeWampJsonContext.Default.EdgeWampConfig);
        }
        catch (JsonException exception)
        {
            // The walker should make this impossible; if the two ever disagree, say so rather than crash.
            var path = exception.Path ?? JsonPath.Root;
            errors.Add(new ConfigError(sourceName, path, text.GetPosition(walk.Locations.Find(path)), exception.Message));
            return ConfigLoadResult.Failure(sourceName, Sorted(errors));
        }

        if (config is null)
        {
            // Only a document that is just "null" gets here, and the walker reported it already.
            return ConfigLoadResult.Failure(sourceName, Sorted(errors));
        }

        foreach (var error in ConfigValidator.Validate(config))
        {
            if (!walk.ErrorPaths.Any(reported => JsonPath.IsSameOrWithin(error.Path, reported)))
            {
                errors.Add(new ConfigError(sourceName, error.Path, text.GetPosition(walk.Locations.Find(error.Path)), error.Message));
            }
        }

        return errors.Count == 0
            ? ConfigLoadResult.Success(sourceName, config)
            : ConfigLoadResult.Failure(sourceName, Sorted(errors));
    }

    /// <summary>Loads the configuration from JSON text.</summary>
    public static ConfigLoadResult Load(string json, string sourceName) => Load(Encoding.UTF8.GetBytes(json), sourceName);

    /// <summary>Loads the configuration file at <paramref name="path"/>; a file that cannot be read is an error, not an exception.</summary>
    public static ConfigLoadResult LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return FileFailure(path, "no such file");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return FileFailure(path, $"cannot read the file: {exception.Message}");
        }

        return Load(bytes, path);
    }

    /// <summary>Loads the default configuration embedded in the binary, so <c>edgewamp run</c> works with no file.</summary>
    /// <remarks>
    /// The simulated board, realm <c>realm1</c> open to anonymous clients with every right, RawSocket and WebSocket
    /// (<c>/ws</c>) on 127.0.0.1:8080, and the Unix socket <c>edgewamp.sock</c> in the runtime directory
    /// (<see cref="RuntimePaths.ResolveUnixSocketPath(string)"/>). Security: reachable from this machine only.
    /// </remarks>
    public static ConfigLoadResult LoadDefault()
    {
        using var stream = typeof(ConfigLoader).Assembly.GetManifestResourceStream(DefaultResourceName);
        if (stream is null)
        {
            return FileFailure(DefaultSourceName, $"the binary has no embedded resource '{DefaultResourceName}'");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Load(bytes, DefaultSourceName);
    }

    private static ConfigLoadResult FileFailure(string source, string message) =>
        ConfigLoadResult.Failure(source, [new ConfigError(source, JsonPath.Root, TextPosition.None, message)]);

    // Stable, so errors at one place keep the order the passes found them in.
    private static List<ConfigError> Sorted(List<ConfigError> errors) =>
        [.. errors.OrderBy(error => error.Position.Line).ThenBy(error => error.Position.Column)];
}
