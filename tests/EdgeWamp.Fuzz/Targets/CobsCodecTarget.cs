using EdgeWamp.Protocol.Serial;

namespace EdgeWamp.Fuzz.Targets;

/// <summary>
/// COBS and CRC-16 themselves (<see cref="Cobs"/>, <see cref="Crc16"/>): decoding any bytes never overruns, encoding then
/// decoding gives the input back, and a CRC computed in two parts equals the CRC computed at once.
/// </summary>
public sealed class CobsCodecTarget : IFuzzTarget
{
    private readonly byte[] _encoded = new byte[Cobs.MaxEncodedLength(InputMutator.MaxLength)];
    private readonly byte[] _decoded = new byte[Cobs.MaxEncodedLength(InputMutator.MaxLength)];

    public CobsCodecTarget(SeedCorpus corpus)
    {
        var seeds = new List<byte[]>();
        foreach (byte[] message in corpus.All)
        {
            byte[] encoded = new byte[Cobs.MaxEncodedLength(message.Length)];
            int length = Cobs.Encode(message, encoded);
            seeds.Add(encoded[..length]);
            seeds.Add(message);
        }

        Seeds = seeds;
    }

    public string Name => "cobs-crc-codec";

    public IReadOnlyList<byte[]> Seeds { get; }

    public void Run(ReadOnlySpan<byte> input)
    {
        if (Cobs.TryDecode(input, _decoded, out int written) && (written < 0 || written > input.Length))
        {
            FuzzInvariantException.Fail($"decoded {written} bytes from {input.Length}");
        }

        int encodedLength = Cobs.Encode(input, _encoded);
        if (encodedLength > Cobs.MaxEncodedLength(input.Length) || _encoded.AsSpan(0, encodedLength).Contains((byte)0))
        {
            FuzzInvariantException.Fail("the encoding is too long or contains a zero");
        }

        if (!Cobs.TryDecode(_encoded.AsSpan(0, encodedLength), _decoded, out int roundTrip) || !_decoded.AsSpan(0, roundTrip).SequenceEqual(input))
        {
            FuzzInvariantException.Fail("encode then decode does not give the input back");
        }

        int split = input.Length / 3;
        if (Crc16.Update(Crc16.Compute(input[..split]), input[split..]) != Crc16.Compute(input))
        {
            FuzzInvariantException.Fail("the CRC of two parts differs from the CRC of the whole");
        }
    }
}
