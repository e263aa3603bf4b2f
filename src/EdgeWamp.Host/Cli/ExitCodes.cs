namespace EdgeWamp.Host.Cli;

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The configuration is invalid (or could not be read).</summary>
    public const int InvalidConfig = 1;

    /// <summary>The command line is wrong; 2 is what shells and getopt-style tools use.</summary>
    public const int Usage = 2;
}
