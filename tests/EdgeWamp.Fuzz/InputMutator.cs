namespace EdgeWamp.Fuzz;

/// <summary>
/// Makes fuzz inputs from seeds, deterministically for a given <see cref="Random"/>: mostly a seed with a few
/// mutations (bit flips, boundary bytes, inserted, deleted, duplicated or spliced ranges, truncation), sometimes
/// random bytes. Reuses one buffer: the span returned is valid until the next call.
/// </summary>
public sealed class InputMutator
{
    /// <summary>The longest input made: room for every vector plus growth, and small enough to stay fast.</summary>
    public const int MaxLength = 8192;

    // Bytes that sit on encoding boundaries: container and string headers of each serializer, sign and length
    // boundaries, CBOR's indefinite-length markers and break, MsgPack's never-used 0xC1, JSON's structural characters.
    private static readonly byte[] Interesting =
        [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x9F, 0xBF, 0x5F, 0x7F, 0x1B, 0x3B, 0xF9, 0xFA, 0xFB, 0xC1, 0xC0, 0xC2, 0xC3,
         0xDC, 0xDD, 0xDE, 0xDF, 0xD9, 0xDA, 0xDB, 0xCF, 0xD3, (byte)'[', (byte)']', (byte)'{', (byte)'}', (byte)'"',
         (byte)'\\', (byte)',', (byte)':', (byte)'-', (byte)'e', (byte)'#', (byte)'$', (byte)'H', (byte)'L', (byte)'U'];

    // Tokens that probe number, string and literal edges in the text format (JSON): overflowing and inexact integers,
    // floats out of range, lone surrogates and NUL escapes, and short literals and empty containers.
    private static readonly byte[][] Tokens =
        [.. new[]
        {
            "1e309", "-0", "-1", "0.5", "18446744073709551615", "18446744073709551616", "9007199254740992", "9007199254740993",
            "-9223372036854775809", "\\u0000", "\\ud800", "\\udc00x", "\\\"", "null", "true", "false", "[]", "{}", "[[[[[[[[",
            "{\"\":", "\"\xff\xfe\"", "NaN", "Infinity",
        }.Select(System.Text.Encoding.Latin1.GetBytes)];

    private readonly Random _random;
    private readonly IReadOnlyList<byte[]> _seeds;
    private readonly byte[] _buffer = new byte[MaxLength];

    public InputMutator(Random random, IReadOnlyList<byte[]> seeds)
    {
        _random = random;
        _seeds = seeds;
    }

    public ReadOnlySpan<byte> Next()
    {
        // One case in sixteen is random bytes; the rest start from a valid input, so they get past the first checks.
        if (_seeds.Count == 0 || _random.Next(16) == 0)
        {
            int length = _random.Next(_random.Next(2) == 0 ? 16 : 512);
            _random.NextBytes(_buffer.AsSpan(0, length));
            return _buffer.AsSpan(0, length);
        }

        byte[] seed = _seeds[_random.Next(_seeds.Count)];
        int used = Math.Min(seed.Length, MaxLength);
        seed.AsSpan(0, used).CopyTo(_buffer);
        int mutations = 1 + _random.Next(_random.Next(4) == 0 ? 8 : 2);
        for (int i = 0; i < mutations; i++)
        {
            used = Mutate(used);
        }

        return _buffer.AsSpan(0, used);
    }

    private int Mutate(int used)
    {
        int at = used == 0 ? 0 : _random.Next(used);
        switch (_random.Next(11))
        {
            case 10:
            {
                // Insert a text token.
                byte[] token = Tokens[_random.Next(Tokens.Length)];
                int count = Math.Min(token.Length, MaxLength - used);
                _buffer.AsSpan(at, used - at).CopyTo(_buffer.AsSpan(at + count));
                token.AsSpan(0, count).CopyTo(_buffer.AsSpan(at));
                return used + count;
            }

            case 0 when used > 0:
                _buffer[at] ^= (byte)(1 << _random.Next(8));
                return used;
            case 1 when used > 0:
                _buffer[at] = (byte)_random.Next(256);
                return used;
            case 2 when used > 0:
                _buffer[at] = Interesting[_random.Next(Interesting.Length)];
                return used;
            case 3:
            {
                // Insert a few random bytes.
                int count = Math.Min(1 + _random.Next(8), MaxLength - used);
                _buffer.AsSpan(at, used - at).CopyTo(_buffer.AsSpan(at + count));
                _random.NextBytes(_buffer.AsSpan(at, count));
                return used + count;
            }

            case 4 when used > 0:
            {
                // Delete a range.
                int count = 1 + _random.Next(Math.Min(16, used - at));
                _buffer.AsSpan(at + count, used - at - count).CopyTo(_buffer.AsSpan(at));
                return used - count;
            }

            case 5 when used > 0:
            {
                // Duplicate a range in place: repeated elements, nested containers.
                int count = Math.Min(1 + _random.Next(Math.Min(32, used - at)), MaxLength - used);
                _buffer.AsSpan(at, used - at).CopyTo(_buffer.AsSpan(at + count));
                return used + count;
            }

            case 6 when used > 0:
                // Truncate.
                return at;
            case 7:
            {
                // Splice in the tail of another seed.
                byte[] other = _seeds[_random.Next(_seeds.Count)];
                int from = other.Length == 0 ? 0 : _random.Next(other.Length);
                int count = Math.Min(other.Length - from, MaxLength - at);
                other.AsSpan(from, count).CopyTo(_buffer.AsSpan(at));
                return at + count;
            }

            case 8 when used >= 4:
            {
                // A boundary integer over 1, 2 or 4 bytes: lengths and counts at their limits.
                int width = 1 << _random.Next(3);
                at = Math.Min(at, used - width);
                byte fill = _random.Next(3) switch { 0 => 0xFF, 1 => 0x7F, _ => 0x00 };
                _buffer.AsSpan(at, width).Fill(fill);
                return used;
            }

            default:
                if (used > 0)
                {
                    // Swap two bytes.
                    int other = _random.Next(used);
                    (_buffer[at], _buffer[other]) = (_buffer[other], _buffer[at]);
                }

                return used;
        }
    }
}
