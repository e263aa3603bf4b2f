using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeWamp.Router.Authentication;

namespace EdgeWamp.Host.Cli;

/// <summary>
/// <c>edgewamp hash-secret [--scram argon2id13|pbkdf2] [--autobahn] [--iterations N] [--memory KIB] [SECRET]</c>:
/// prints what the configuration stores instead of a secret. Without <c>--scram</c>, a ticket <c>secretHash</c>; with
/// it, the members of an <c>authentication.scram</c> entry. The secret is the argument, or else the first line of stdin
/// (so it stays out of the shell history).
/// </summary>
internal static class HashSecretCommand
{
    // RFC 9106, section 4, second recommended option: t=3 passes over 64 MiB.
    private const int DefaultArgonIterations = 3;
    private const int DefaultArgonMemoryKiB = 64 * 1024;
    private const int SaltLength = 16;

    public static int Run(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        string? kdf = null;
        string? secret = null;
        int? iterations = null;
        int? memory = null;
        bool autobahn = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--scram" when i + 1 < args.Count:
                    kdf = args[++i];
                    break;
                case "--autobahn":
                    autobahn = true;
                    break;
                case "--iterations" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0:
                    iterations = n;
                    i++;
                    break;
                case "--memory" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m >= 8:
                    memory = m;
                    i++;
                    break;
                default:
                    if (arg.StartsWith('-') || secret is not null)
                    {
                        return Usage(stderr, $"unknown or incomplete argument '{arg}' for 'hash-secret'");
                    }

                    secret = arg;
                    break;
            }
        }

        secret ??= stdin.ReadLine();
        if (string.IsNullOrEmpty(secret))
        {
            return Usage(stderr, "no secret given: pass it as an argument or on the first line of stdin");
        }

        if (kdf is null)
        {
            int ticketIterations = iterations ?? SecretHash.DefaultIterations;
            if (ticketIterations is < SecretHash.MinIterations or > SecretHash.MaxIterations)
            {
                return Usage(stderr, $"--iterations must be from {SecretHash.MinIterations} to {SecretHash.MaxIterations}");
            }

            stdout.WriteLine(SecretHash.Create(secret, ticketIterations).ToString());
            return ExitCodes.Success;
        }

        if (kdf is not ("argon2id13" or "pbkdf2"))
        {
            return Usage(stderr, $"unknown kdf '{kdf}'; expected argon2id13 or pbkdf2");
        }

        bool argon = kdf == "argon2id13";
        int cost = iterations ?? (argon ? DefaultArgonIterations : SecretHash.DefaultIterations);
        int memoryKiB = argon ? memory ?? DefaultArgonMemoryKiB : 0;
        byte[] salt = RandomNumberGenerator.GetBytes(SaltLength);
        (byte[] storedKey, byte[] serverKey) = ScramKeys.Derive(secret, argon ? ScramKdf.Argon2id13 : ScramKdf.Pbkdf2, salt, cost, memoryKiB, autobahn);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("kdf", kdf);
            json.WriteString("salt", Convert.ToBase64String(salt));
            json.WriteNumber("iterations", cost);
            if (argon)
            {
                json.WriteNumber("memory", memoryKiB);
            }

            json.WriteString("storedKey", Convert.ToBase64String(storedKey));
            json.WriteString("serverKey", Convert.ToBase64String(serverKey));
            json.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        return ExitCodes.Success;
    }

    private static int Usage(TextWriter stderr, string error)
    {
        stderr.WriteLine(error);
        stderr.WriteLine(CommandLine.UsageText);
        return ExitCodes.Usage;
    }
}
