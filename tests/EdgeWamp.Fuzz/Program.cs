using EdgeWamp.Fuzz;

// dotnet run --project tests/EdgeWamp.Fuzz -c Release -- [--cases N] [--seed S] [--target NAME]...
// Runs every target (or the named ones) for N cases each from seed S, prints one line per target and the findings,
// and exits 1 if anything failed (docs/robustness.md).
long cases = 100_000;
int seed = 1;
var only = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--cases" when i + 1 < args.Length:
            cases = long.Parse(args[++i].Replace("_", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--seed" when i + 1 < args.Length:
            seed = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--target" when i + 1 < args.Length:
            only.Add(args[++i]);
            break;
        case "--list":
            Console.WriteLine(string.Join(Environment.NewLine, FuzzTargets.Names));
            return 0;
        default:
            Console.Error.WriteLine("usage: EdgeWamp.Fuzz [--cases N] [--seed S] [--target NAME]... | --list");
            return 2;
    }
}

SeedCorpus corpus = SeedCorpus.Load();
Console.WriteLine($"edgewamp fuzz: {cases:N0} cases per target, seed {seed}, {corpus.All.Count} seed vectors");
long totalCases = 0;
long totalFailures = 0;
foreach (string name in only.Count > 0 ? only : FuzzTargets.Names)
{
    IFuzzTarget target = FuzzTargets.Create(name, corpus);
    FuzzReport report = FuzzRunner.Run(target, cases, seed);
    (target as IDisposable)?.Dispose();
    Console.WriteLine(report);
    foreach (FuzzFinding finding in report.Findings)
    {
        Console.WriteLine(finding);
    }

    totalCases += report.Cases;
    totalFailures += report.Failures;
}

Console.WriteLine($"total: {totalCases:N0} cases, {totalFailures} failed");
return totalFailures == 0 ? 0 : 1;
