using EdgeWamp.Host.Configuration;

namespace EdgeWamp.Host.Cli;

/// <summary>Decides which configuration <c>edgewamp run</c> uses.</summary>
internal static class ConfigSelection
{
    /// <summary>The configuration file the package installs and the service reads.</summary>
    public const string DefaultConfigPath = "/etc/edgewamp/config.json";

    /// <summary>
    /// The file to load: <paramref name="configPath"/> when given (a missing one is then an error, never a
    /// silent fallback), else <see cref="DefaultConfigPath"/> when it exists, else null for the embedded default.
    /// </summary>
    public static string? ChooseConfigFile(string? configPath, Func<string, bool> fileExists) =>
        configPath ?? (fileExists(DefaultConfigPath) ? DefaultConfigPath : null);

    /// <summary>Loads the configuration <see cref="ChooseConfigFile"/> picks, from the real file system.</summary>
    public static ConfigLoadResult LoadForRun(string? configPath) =>
        ChooseConfigFile(configPath, File.Exists) is { } file ? ConfigLoader.LoadFile(file) : ConfigLoader.LoadDefault();
}
