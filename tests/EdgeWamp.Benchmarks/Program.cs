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

        if (args is ["alloc-gate", ..])
        {
            Environment.Exit(AllocationGate.Run(args[1..]));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
