namespace EdgeWamp.Host.Cli;

/// <summary>What the command line asks the program to do.</summary>
internal enum CliCommand
{
    /// <summary>Run the router (<c>edgewamp run [--config FILE]</c>).</summary>
    Run,

    /// <summary>Validate a configuration file and exit (<c>edgewamp check-config FILE</c>).</summary>
    CheckConfig,

    /// <summary>Print a salted hash of a secret for the configuration (<c>edgewamp hash-secret [SECRET]</c>).</summary>
    HashSecret,

    /// <summary>Print the version and exit.</summary>
    Version,

    /// <summary>Print the usage text and exit.</summary>
    Help,

    /// <summary>The arguments are wrong; print the error and the usage text, and exit with <see cref="ExitCodes.Usage"/>.</summary>
    UsageError,
}
