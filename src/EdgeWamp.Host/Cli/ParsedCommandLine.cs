namespace EdgeWamp.Host.Cli;

/// <summary>The outcome of <see cref="CommandLine.Parse"/>.</summary>
/// <param name="Command">What to do.</param>
/// <param name="ConfigPath">
/// For <see cref="CliCommand.Run"/>, the <c>--config</c> file or null when none was given (then
/// <see cref="ConfigSelection.ChooseConfigFile"/> decides); for <see cref="CliCommand.CheckConfig"/>, the file to check.
/// </param>
/// <param name="Error">For <see cref="CliCommand.UsageError"/>, what is wrong with the arguments.</param>
/// <param name="Arguments">For <see cref="CliCommand.HashSecret"/>, the arguments after the command, parsed by it.</param>
internal sealed record ParsedCommandLine(CliCommand Command, string? ConfigPath = null, string? Error = null, IReadOnlyList<string>? Arguments = null)
{
    public static ParsedCommandLine Usage(string error) => new(CliCommand.UsageError, Error: error);
}
