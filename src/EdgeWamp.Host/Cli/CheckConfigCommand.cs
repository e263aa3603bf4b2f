using EdgeWamp.Host.Configuration;

namespace EdgeWamp.Host.Cli;

/// <summary><c>edgewamp check-config FILE</c>: reports every error in a configuration file.</summary>
internal static class CheckConfigCommand
{
    /// <summary>
    /// Prints each error as <c>FILE:LINE:COLUMN: $.path: message</c> on <paramref name="stderr"/> and returns
    /// <see cref="ExitCodes.InvalidConfig"/>, or prints <c>FILE: ok (N realms, M listeners)</c> on
    /// <paramref name="stdout"/> and returns <see cref="ExitCodes.Success"/>.
    /// </summary>
    public static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        var result = ConfigLoader.LoadFile(path);
        if (!result.IsValid)
        {
            WriteErrors(result, stderr);
            return ExitCodes.InvalidConfig;
        }

        stdout.WriteLine($"{path}: ok ({Count(result.Config.Realms.Count, "realm")}, {Count(result.Config.Listeners.Count, "listener")})");
        return ExitCodes.Success;
    }

    /// <summary>Writes each error of <paramref name="result"/> on its own line, as <see cref="ConfigError.ToString"/> formats it.</summary>
    public static void WriteErrors(ConfigLoadResult result, TextWriter writer)
    {
        foreach (var error in result.Errors)
        {
            writer.WriteLine(error.ToString());
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
