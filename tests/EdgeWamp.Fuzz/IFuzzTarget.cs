namespace EdgeWamp.Fuzz;

/// <summary>One decoder or framer under fuzz: its seeds, and one case run on an input.</summary>
public interface IFuzzTarget
{
    /// <summary>A short stable name, e.g. <c>decoder-cbor</c>; the long run reports per name.</summary>
    string Name { get; }

    /// <summary>Valid inputs the mutator starts from (the spec's test vectors, framed as this target needs).</summary>
    IReadOnlyList<byte[]> Seeds { get; }

    /// <summary>
    /// Runs one case. Bad input must come back as a status, never as an exception; a broken invariant throws
    /// <see cref="FuzzInvariantException"/>. Any exception is a finding.
    /// </summary>
    void Run(ReadOnlySpan<byte> input);

    /// <summary>What the cases reached, for the report (e.g. how many inputs decoded); empty when there is nothing to say.</summary>
    string Coverage => string.Empty;

    /// <summary>Checks what can only be checked across cases (e.g. that other sessions still work); throws on a finding.</summary>
    void Check()
    {
    }
}
