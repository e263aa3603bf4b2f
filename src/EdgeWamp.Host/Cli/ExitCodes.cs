namespace EdgeWamp.Host.Cli;

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The configuration is invalid (or could not be read).</summary>
    public const int InvalidConfig = 1;

    /// <summary>The command line is wrong; 2 is what shells and getopt-style tools use.</summary>
    public const int Usage = 2;

    /// <summary>
    /// <c>edgewamp run</c> could not start for a reason other than its configuration (an unforeseen failure while
    /// starting); the log says what.
    /// </summary>
    public const int StartFailed = 3;
}
