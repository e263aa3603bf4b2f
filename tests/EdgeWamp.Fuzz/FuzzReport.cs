namespace EdgeWamp.Fuzz;

/// <summary>The result of running one target: how many cases, and what failed (the first few findings are kept).</summary>
public sealed class FuzzReport
{
    public const int MaxKeptFindings = 10;

    public FuzzReport(string target)
    {
        Target = target;
    }

    public string Target { get; }

    public long Cases { get; internal set; }

    public long Failures { get; internal set; }

    public List<FuzzFinding> Findings { get; } = [];

    public TimeSpan Elapsed { get; internal set; }

    public string Coverage { get; internal set; } = string.Empty;

    public override string ToString() =>
        $"{Target,-26} {Cases,12:N0} cases  {Failures,6} failed  {Elapsed.TotalSeconds,8:F1} s  {Coverage}";
}
