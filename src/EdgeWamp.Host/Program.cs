using EdgeWamp.Host.Cli;
using EdgeWamp.Host.Hosting;
using EdgeWamp.Protocol.Connections;

namespace EdgeWamp.Host;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ParsedCommandLine command = CommandLine.Parse(args);
        switch (command.Command)
        {
            case CliCommand.Version:
                Console.WriteLine(VersionInfo.Text);
                return ExitCodes.Success;
            case CliCommand.Help:
                Console.WriteLine(CommandLine.UsageText);
                return ExitCodes.Success;
            case CliCommand.CheckConfig:
                return CheckConfigCommand.Run(command.ConfigPath!, Console.Out, Console.Error);
            case CliCommand.HashSecret:
                return HashSecretCommand.Run(command.Arguments ?? [], Console.In, Console.Out, Console.Error);
            case CliCommand.Run:
                SocketCompletions.PreferInline();
                return await RunCommand.RunAsync(command.ConfigPath).ConfigureAwait(false);
            default:
                await Console.Error.WriteLineAsync(command.Error).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(CommandLine.UsageText).ConfigureAwait(false);
                return ExitCodes.Usage;
        }
    }
}
