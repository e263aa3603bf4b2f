namespace EdgeWamp.Fuzz;

/// <summary>One failing case: enough to reproduce it (target, seed, case number) and to read it (input, exception).</summary>
public sealed record FuzzFinding(string Target, int Seed, long Case, byte[] Input, Exception Exception)
{
    public override string ToString() =>
        $"{Target} seed {Seed} case {Case}: {Exception.GetType().Name}: {Exception.Message}\n  input ({Input.Length} bytes): {Convert.ToHexString(Input)}\n{Exception.StackTrace}";
}
