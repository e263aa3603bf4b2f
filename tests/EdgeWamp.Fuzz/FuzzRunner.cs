using System.Diagnostics;

namespace EdgeWamp.Fuzz;

/// <summary>Runs a target for a number of cases from a seed: the same seed and count always give the same inputs.</summary>
public static class FuzzRunner
{
    /// <summary>How often cross-case checks run (e.g. that a bystander session still works).</summary>
    public const int CheckEvery = 1000;

    public static FuzzReport Run(IFuzzTarget target, long cases, int seed)
    {
        var report = new FuzzReport(target.Name);
        var mutator = new InputMutator(new Random(seed), target.Seeds);
        var clock = Stopwatch.StartNew();

        // Every seed as it is first: a valid input must pass too.
        for (int i = 0; i < target.Seeds.Count && report.Cases < cases; i++)
        {
            RunCase(target, report, seed, target.Seeds[i]);
        }

        while (report.Cases < cases)
        {
            RunCase(target, report, seed, mutator.Next());
            if (report.Cases % CheckEvery == 0)
            {
                RunCheck(target, report, seed);
            }
        }

        RunCheck(target, report, seed);
        report.Elapsed = clock.Elapsed;
        report.Coverage = target.Coverage;
        return report;
    }

    private static void RunCase(IFuzzTarget target, FuzzReport report, int seed, ReadOnlySpan<byte> input)
    {
        long number = report.Cases++;
        try
        {
            target.Run(input);
        }
        catch (Exception exception)
        {
            Record(report, new FuzzFinding(target.Name, seed, number, input.ToArray(), exception));
        }
    }

    private static void RunCheck(IFuzzTarget target, FuzzReport report, int seed)
    {
        try
        {
            target.Check();
        }
        catch (Exception exception)
        {
            Record(report, new FuzzFinding(target.Name, seed, report.Cases, [], exception));
        }
    }

    private static void Record(FuzzReport report, FuzzFinding finding)
    {
        report.Failures++;
        if (report.Findings.Count < FuzzReport.MaxKeptFindings)
        {
            report.Findings.Add(finding);
        }
    }
}
