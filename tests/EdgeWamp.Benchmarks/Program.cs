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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
