namespace EdgeWamp.Transports.Http;

/// <summary>Reads an HTTP request head from a stream, bounded in size: never more than the limit is buffered.</summary>
internal static class HttpHeadReader
{
    /// <summary>
    /// Reads until the empty line that ends the head. <paramref name="buffer"/> holds the first octets already read
    /// (<paramref name="received"/> of them). Returns the head's length without its final CRLF CRLF, or -1 when the
    /// head is larger than the buffer, or -2 when the peer closed first; <paramref name="received"/> ends up counting
    /// every octet read, so the body's first octets follow the head in the buffer.
    /// </summary>
    public static async Task<(int HeadLength, int Received)> ReadAsync(Stream stream, byte[] buffer, int received, CancellationToken cancellationToken)
    {
        int searched = 0;
        while (true)
        {
            int end = buffer.AsSpan(searched, received - searched).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (searched + end, received);
            }

            // The terminator may straddle reads: search again from 3 octets back.
            searched = Math.Max(0, received - 3);
            if (received == buffer.Length)
            {
                return (-1, received);
            }

            int read = await stream.ReadAsync(buffer.AsMemory(received), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (-2, received);
            }

            received += read;
        }
    }
}
