using System.Globalization;
using System.Net;

namespace EdgeWamp.LoadTool;

/// <summary>Command-line options: `--name value` pairs after the scenario name.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Options(string[] args)
    {
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            _values[args[i][2..]] = args[++i];
        }
    }

    public BenchProtocol Protocol => Text("protocol", "wamp") switch
    {
        "wamp" => BenchProtocol.Wamp,
        "mqtt" => BenchProtocol.Mqtt,
        string other => throw new ArgumentException($"--protocol is wamp or mqtt, not '{other}'"),
    };

    public IPEndPoint EndPoint => new(IPAddress.Parse(Text("host", "127.0.0.1")), Int("port", Protocol == BenchProtocol.Wamp ? 8080 : 1883));

    /// <summary>The broker's process id, for its RSS and CPU time (0: not measured).</summary>
    public int BrokerPid => Int("broker-pid", 0);

    public string Text(string name, string fallback) => _values.TryGetValue(name, out string? value) ? value : fallback;

    public int Int(string name, int fallback) => _values.TryGetValue(name, out string? value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Seconds(string name, double fallback) => _values.TryGetValue(name, out string? value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
