namespace EdgeWamp.Host.Cli;

/// <summary>
/// Parses edgewamp's few commands by hand: System.CommandLine would add size to the AOT binary for four verbs.
/// </summary>
internal static class CommandLine
{
    public const string UsageText =
        """
        Usage: edgewamp <command>

        Commands:
          run [--config FILE]    Run the router. Without --config (or -c), uses
                                 /etc/edgewamp/config.json if it exists, else the
                                 embedded default configuration.
          check-config FILE      Report every error in FILE with its line, column
                                 and JSON path; exit 1 if there is any.
          hash-secret [SECRET]   Print the salted hash of a ticket secret for
                                 authentication.ticket[].secretHash (SECRET, or
                                 the first line of stdin). With --scram
                                 argon2id13|pbkdf2 [--autobahn] [--iterations N]
                                 [--memory KIB], print an authentication.scram
                                 entry's kdf, salt and keys instead.
          version, --version     Print the version.
          help, --help, -h       Print this text.
        """;

    public static ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return new ParsedCommandLine(CliCommand.Help);
        }

        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "run" => ParseRun(rest),
            "check-config" => ParseCheckConfig(rest),
            "hash-secret" => new ParsedCommandLine(CliCommand.HashSecret, Arguments: rest),
            "version" or "--version" => NoArguments(CliCommand.Version, args[0], rest),
            "help" or "--help" or "-h" => NoArguments(CliCommand.Help, args[0], rest),
            _ => ParsedCommandLine.Usage($"unknown command '{args[0]}'"),
        };
    }

    private static ParsedCommandLine ParseRun(List<string> args)
    {
        string? config = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? value;
            if (arg is "--config" or "-c")
            {
                if (i + 1 >= args.Count)
                {
                    return ParsedCommandLine.Usage($"'{arg}' needs a file name");
                }

                value = args[++i];
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                value = arg["--config=".Length..];
            }
            else
            {
                return ParsedCommandLine.Usage($"unknown argument '{arg}' for 'run'");
            }

            if (value.Length == 0)
            {
                return ParsedCommandLine.Usage("the --config file name must not be empty");
            }

            if (config is not null)
            {
                return ParsedCommandLine.Usage("--config may be given once");
            }

            config = value;
        }

        return new ParsedCommandLine(CliCommand.Run, config);
    }

    private static ParsedCommandLine ParseCheckConfig(List<string> args) => args switch
    {
        [] => ParsedCommandLine.Usage("'check-config' needs a file name"),
        [""] => ParsedCommandLine.Usage("the check-config file name must not be empty"),
        [var path] when !path.StartsWith('-') => new ParsedCommandLine(CliCommand.CheckConfig, path),
        [var path] => ParsedCommandLine.Usage($"unknown argument '{path}' for 'check-config'"),
        _ => ParsedCommandLine.Usage("'check-config' takes exactly one file name"),
    };

    private static ParsedCommandLine NoArguments(CliCommand command, string name, List<string> rest) =>
        rest.Count == 0 ? new ParsedCommandLine(command) : ParsedCommandLine.Usage($"'{name}' takes no arguments");
}
