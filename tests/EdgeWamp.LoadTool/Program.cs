using EdgeWamp.LoadTool;

// edgewamp-load SCENARIO [--name value ...]: one bounded load scenario against a running broker on loopback,
// printing one JSON object. See docs/performance.md ("End to end, side by side with Mosquitto").
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("""
        usage: edgewamp-load SCENARIO [--protocol wamp|mqtt] [--port N] [--broker-pid PID] [options]
          fanout   --subscribers N --payload BYTES --duration S [--window N]   1 publisher -> N subscribers
          latency  --rate MSG/S --payload BYTES --duration S                    one-way p50/p99/p99.9
          rpc      --callers C --payload BYTES --duration S                     C callers -> 1 callee (wamp only)
          sessions --sessions N [--concurrency N] [--settle S]                  N sessions, one subscription each
          idle     --duration S                                                 the broker's RSS and CPU at rest
        Every run is bounded: --duration (default 5 s) plus --timeout (default 120 s) for setup and drain.
        Prints one JSON object on stdout.
        """);
    return args.Length == 0 ? 2 : 0;
}


try
{
    var options = new Options(args);
    using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds("duration", 5) + options.Seconds("timeout", 120)));
    Report report = args[0] switch
    {
        "fanout" => await Scenarios.FanOutAsync(options, limit.Token),
        "latency" => await Scenarios.LatencyAsync(options, limit.Token),
        "rpc" => Scenarios.Rpc(options),
        "sessions" => await Scenarios.SessionsAsync(options, limit.Token),
        "idle" => await Scenarios.IdleAsync(options, limit.Token),
        _ => throw new ArgumentException($"unknown scenario '{args[0]}'"),
    };
    using Stream stdout = Console.OpenStandardOutput();
    report.WriteTo(stdout);
    return 0;
}
catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException or IOException
    or System.Net.Sockets.SocketException or OperationCanceledException)
{
    Console.Error.WriteLine($"edgewamp-load: {args[0]}: {exception.Message}");
    return 1;
}
