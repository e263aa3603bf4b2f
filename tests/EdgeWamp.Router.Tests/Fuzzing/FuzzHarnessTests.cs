using EdgeWamp.Fuzz;

namespace EdgeWamp.Router.Tests.Fuzzing;

/// <summary>
/// The short seeded fuzz run (docs/robustness.md): every decoder, framer and the router's session receive path get
/// 20,000 deterministic cases, random and mutated from the spec's test vectors. The long run is the same harness with
/// more cases: <c>dotnet run --project tests/EdgeWamp.Fuzz -c Release -- --cases 1000000</c>.
/// </summary>
public sealed class FuzzHarnessTests
{
    private const int Cases = 20_000;
    private const int Seed = 20_251_124;

    private static readonly SeedCorpus Corpus = SeedCorpus.Load();

    public static TheoryData<string> Targets => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Run_ShortSeededRun_FindsNothing(string name)
    {
        IFuzzTarget target = FuzzTargets.Create(name, Corpus);
        try
        {
            FuzzReport report = FuzzRunner.Run(target, Cases, Seed);

            Assert.Equal(Cases, report.Cases);
            Assert.True(report.Failures == 0, $"{report}\n{string.Join("\n", report.Findings)}");
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void Targets_CoverEveryCodecAndFramer()
    {
        Assert.Equal(
            [
                "decoder-json", "decoder-msgpack", "decoder-cbor", "decoder-ubjson",
                "transcoder-json", "transcoder-msgpack", "transcoder-cbor", "transcoder-ubjson",
                "rawsocket-handshake", "rawsocket-stream", "serial-cobs-crc", "cobs-crc-codec",
                "router-session-json", "router-session-msgpack", "router-session-cbor", "router-session-ubjson",
            ],
            FuzzTargets.Names);
        foreach (string name in FuzzTargets.Names)
        {
            IFuzzTarget target = FuzzTargets.Create(name, Corpus);
            Assert.NotEmpty(target.Seeds);
            (target as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void Run_TargetThatThrowsOnSomeInputs_ReportsEachWithTheInput()
    {
        var target = new ThrowsOnOpenBracket(Corpus.MessagesOf(Protocol.Serialization.WampSerializer.Json));

        FuzzReport report = FuzzRunner.Run(target, 2_000, Seed);

        Assert.True(report.Failures > 0);
        Assert.Equal(Math.Min(report.Failures, FuzzReport.MaxKeptFindings), report.Findings.Count);
        Assert.All(report.Findings, finding => Assert.Equal((byte)'[', finding.Input[0]));
        Assert.All(report.Findings, finding => Assert.IsType<InvalidOperationException>(finding.Exception));
    }

    [Fact]
    public void Mutator_SameSeed_MakesTheSameInputs()
    {
        IReadOnlyList<byte[]> seeds = Corpus.MessagesOf(Protocol.Serialization.WampSerializer.Cbor);
        var first = new InputMutator(new Random(7), seeds);
        var second = new InputMutator(new Random(7), seeds);
        int changed = 0;
        for (int i = 0; i < 1_000; i++)
        {
            byte[] a = first.Next().ToArray();
            Assert.Equal(a, second.Next().ToArray());
            changed += seeds.Any(seed => seed.AsSpan().SequenceEqual(a)) ? 0 : 1;
        }

        // Mutation makes new inputs, not copies of the seeds.
        Assert.True(changed > 900, $"{changed} of 1000 inputs differ from every seed");
    }

    /// <summary>A target with a planted bug: the harness must find it, or its silence means nothing.</summary>
    private sealed class ThrowsOnOpenBracket(IReadOnlyList<byte[]> seeds) : IFuzzTarget
    {
        public string Name => "planted-bug";

        public IReadOnlyList<byte[]> Seeds => seeds;

        public void Run(ReadOnlySpan<byte> input)
        {
            if (!input.IsEmpty && input[0] == (byte)'[')
            {
                throw new InvalidOperationException("planted");
            }
        }
    }
}
