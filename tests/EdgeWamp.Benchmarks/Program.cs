using BenchmarkDotNet.Running;

namespace EdgeWamp.Benchmarks;

internal static class Program
{
    public static void Main(string[] args)
    {
        // A documented measurement over a pseudo-terminal, not a BenchmarkDotNet class (see SerialThroughputMeasurement).
        if (args is ["serial-throughput"])
        {
            Serial.SerialThroughputMeasurement.Run();
            return;
        }

        // Live bytes per idle session, with the sessions from the load tool in another process (SessionMemoryMeasurement).
        if (args is ["router-session-memory", var count])
        {
            Sessions.RouterSessionMemory.Run(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        if (args is ["session-memory", ..])
        {
            Environment.Exit(Sessions.SessionMemoryMeasurement.Run(args[1..]));
        }

        if (args is ["alloc-gate", ..])
        {
            Environment.Exit(AllocationGate.Run(args[1..]));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
