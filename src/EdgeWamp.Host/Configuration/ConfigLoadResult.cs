using System.Diagnostics.CodeAnalysis;

namespace EdgeWamp.Host.Configuration;

/// <summary>Either a valid configuration or every error found in it, never both.</summary>
internal sealed class ConfigLoadResult
{
    private ConfigLoadResult(string source, EdgeWampConfig? config, IReadOnlyList<ConfigError> errors)
    {
        Source = source;
        Config = config;
        Errors = errors;
    }

    /// <summary>Where the configuration came from: a file path or the embedded default's name.</summary>
    public string Source { get; }

    /// <summary>The validated configuration; null when there are errors.</summary>
    public EdgeWampConfig? Config { get; }

    /// <summary>The errors, in the order they appear in the file; empty when valid.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsValid => Config is not null;

    public static ConfigLoadResult Success(string source, EdgeWampConfig config) => new(source, config, []);

    public static ConfigLoadResult Failure(string source, IReadOnlyList<ConfigError> errors) => new(source, null, errors);
}
