using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EdgeWamp.Benchmarks.Codec;

namespace EdgeWamp.Benchmarks;

/// <summary>
/// The allocation gate: runs the hot-path benchmarks in one short in-process job with the memory diagnoser and
/// fails when any of them allocates more bytes per operation than allocation-baseline.json allows. Allocation counts
/// are deterministic, so one fixed-size iteration measures them while timing numbers stay rough. The runtime counts
/// allocations in allocation contexts of about 8 KiB, and one-time work in the measured run (a JIT tier-up, another
/// thread's timer) shows up as a context or two: over 65,536 operations that is under one byte per operation and
/// rounds to 0, while any real per-operation allocation is at least 24 B.
/// </summary>
internal static class AllocationGate
{
    /// <summary>The benchmarks the gate runs: every one on a hot path.</summary>
    private static readonly Type[] GatedBenchmarks =
    [
        typeof(CodecBenchmarks),
        typeof(TranscodingBenchmarks),
        typeof(SubscriptionLookupBenchmarks),
        typeof(RegistrationLookupBenchmarks),
        typeof(FanOutBenchmarks),
    ];

    /// <summary>alloc-gate [--baseline FILE] [--update] [--artifacts DIR]; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        // Defaults for a run from the repository root, as scripts/bench-alloc-gate.sh does it.
        string baselinePath = Option(args, "--baseline") ?? Path.Combine("tests", "EdgeWamp.Benchmarks", "allocation-baseline.json");
        string artifacts = Option(args, "--artifacts") ?? Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "alloc-gate");
        bool update = args.Contains("--update");

        Job job = Job.Dry
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(BenchmarkDotNet.Engines.RunStrategy.Throughput)
            .WithWarmupCount(1)
            .WithIterationCount(1)
            .WithInvocationCount(65536)
            .WithUnrollFactor(16)
            .WithId("AllocGate");
        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(JsonExporter.Brief, CsvExporter.Default)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile);

        Summary[] summaries = BenchmarkRunner.Run(GatedBenchmarks, config);
        var measured = new SortedDictionary<string, long>(StringComparer.Ordinal);
        int failures = 0;
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkReport report in summary.Reports)
            {
                string name = NameOf(report.BenchmarkCase);
                long? bytes = report.Success ? report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) : null;
                if (bytes is null)
                {
                    Console.Error.WriteLine($"FAIL {name}: the benchmark did not run");
                    failures++;
                    continue;
                }

                measured[name] = bytes.Value;
            }
        }

        if (update)
        {
            WriteBaseline(baselinePath, measured);
            Console.WriteLine($"alloc-gate: wrote {measured.Count} benchmarks to {baselinePath}");
            return failures == 0 ? 0 : 1;
        }

        Dictionary<string, long> allowed = ReadBaseline(baselinePath);
        int passed = 0;
        foreach ((string name, long bytes) in measured)
        {
            if (!allowed.TryGetValue(name, out long limit))
            {
                Console.Error.WriteLine($"FAIL {name}: {bytes} B allocated, and the benchmark is not in the baseline (add it)");
                failures++;
            }
            else if (bytes > limit)
            {
                Console.Error.WriteLine($"FAIL {name}: {bytes} B allocated per operation, baseline allows {limit} B");
                failures++;
            }
            else
            {
                passed++;
            }
        }

        foreach (string name in allowed.Keys.Where(name => !measured.ContainsKey(name)))
        {
            Console.Error.WriteLine($"FAIL {name}: in the baseline but did not run");
            failures++;
        }

        Console.WriteLine($"alloc-gate: {passed} within baseline, {failures} failed");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Type.Method(Param=Value, ...): stable across runs and jobs.</summary>
    private static string NameOf(BenchmarkCase benchmark)
    {
        var name = new StringBuilder();
        name.Append(benchmark.Descriptor.Type.Name).Append('.').Append(benchmark.Descriptor.WorkloadMethod.Name);
        if (benchmark.Parameters.Count > 0)
        {
            name.Append('(');
            name.AppendJoin(", ", benchmark.Parameters.Items.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}={p.Value}")));
            name.Append(')');
        }

        return name.ToString();
    }

    private static Dictionary<string, long> ReadBaseline(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        var allowed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (JsonProperty benchmark in document.RootElement.GetProperty("benchmarks").EnumerateObject())
        {
            allowed[benchmark.Name] = benchmark.Value.GetInt64();
        }

        return allowed;
    }

    private static void WriteBaseline(string path, SortedDictionary<string, long> measured)
    {
        using FileStream file = File.Create(path);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("comment", "Bytes each hot-path benchmark may allocate per operation; scripts/bench-alloc-gate.sh fails above them.");
        writer.WriteStartObject("benchmarks");
        foreach ((string name, long bytes) in measured)
        {
            writer.WriteNumber(name, bytes);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
