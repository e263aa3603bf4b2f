using System.Reflection;

namespace EdgeWamp.Host.Cli;

/// <summary>The program's version, as <c>edgewamp --version</c> prints it.</summary>
internal static class VersionInfo
{
    /// <summary>
    /// The assembly's informational version (the project's <c>Version</c>, plus <c>+commit</c> when the SDK
    /// knows the source revision). Reading an assembly attribute is safe under AOT: it needs no type loading.
    /// </summary>
    public static string Version { get; } =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionInfo).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The line <c>--version</c> prints: <c>edgewamp 0.1.0+abc123</c>.</summary>
    public static string Text => $"edgewamp {Version}";
}
