namespace EdgeWamp.Protocol.Serial;

/// <summary>
/// Consistent Overhead Byte Stuffing (S. Cheshire and M. Baker, "Consistent Overhead Byte Stuffing", IEEE/ACM
/// Transactions on Networking, 1999): rewrites a packet so it contains no 0x00 byte, which is then free to delimit
/// packets on a byte stream. The output is made of blocks: a code byte N (1 to 255) followed by N-1 non-zero data
/// bytes; every block but a full one (N = 255) and the last stands for its data followed by one 0x00.
/// </summary>
/// <remarks>
/// The encoder follows the paper and the usual reference code exactly (a packet ending in a full block gets no
/// extra 0x01 block), so its output matches the published vectors byte for byte. The decoder accepts both forms.
/// </remarks>
public static class Cobs
{
    /// <summary>The longest a block's data can be: 254 non-zero bytes after a code byte of 0xFF.</summary>
    public const int MaxBlockData = 254;

    /// <summary>The most bytes encoding <paramref name="length"/> bytes can produce (the delimiter not included).</summary>
    public static int MaxEncodedLength(int length) => length + (length / MaxBlockData) + 1;

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/> (no delimiter) and returns the length written.</summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var encoder = new CobsEncoder(destination);
        encoder.Write(source);
        return encoder.Finish();
    }

    /// <summary>
    /// Decodes one packet (without its delimiter). Decoding in place (<paramref name="destination"/> overlapping
    /// <paramref name="source"/> at the same start) is allowed: the output never overtakes the input.
    /// </summary>
    /// <returns>false when <paramref name="source"/> is not a COBS encoding: it holds a 0x00, or a block runs past its end.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        int read = 0;
        while (read < source.Length)
        {
            int code = source[read++];
            if (code == 0)
            {
                return false;
            }

            int dataLength = code - 1;
            if (read + dataLength > source.Length || written + dataLength > destination.Length)
            {
                return false;
            }

            for (int i = 0; i < dataLength; i++)
            {
                byte b = source[read++];
                if (b == 0)
                {
                    return false;
                }

                destination[written++] = b;
            }

            // A block shorter than full stands for its data plus a zero, except at the very end of the packet.
            if (code != 0xFF && read < source.Length)
            {
                if (written == destination.Length)
                {
                    return false;
                }

                destination[written++] = 0;
            }
        }

        return true;
    }
}
