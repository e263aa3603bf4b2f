using EdgeWamp.Protocol.Streams;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeWamp.Client.Transports;

/// <summary>
/// The client's side of the RFC 6455 opening handshake (section 4.1): sends the upgrade request, reads the server's
/// response head and checks it, so that .NET's managed WebSocket can take over the stream. Made here rather than with
/// ClientWebSocket, which would pull the whole HTTP client stack (System.Net.Http) into the router's binary.
/// </summary>
internal static class WebSocketClientHandshake
{
    /// <summary>The largest response head (status line and header fields) read; a router's 101 response is a few hundred bytes.</summary>
    public const int MaxResponseHeadBytes = 8 * 1024;

    /// <summary>How long the server may take to answer the upgrade request once the connection is open.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    // RFC 6455, section 1.3: the GUID the server appends to the client's key before hashing.
    private const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    // RFC 6455, section 4.1: the key is 16 random octets, base64-encoded.
    private const int KeyOctets = 16;

    /// <summary>
    /// Runs the handshake on <paramref name="stream"/>, offering <paramref name="subProtocol"/> only. Returns the stream
    /// to hand to the WebSocket: <paramref name="stream"/> itself, or a <see cref="ReplayStream"/> over it when the
    /// server's first frames arrived together with the response head. Does not dispose <paramref name="stream"/>.
    /// </summary>
    /// <exception cref="WampConnectionException">The server refused or botched the upgrade, or did not answer in time.</exception>
    public static async Task<Stream> UpgradeAsync(Stream stream, Uri uri, string subProtocol, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string key = NewKey();
        byte[] buffer = new byte[MaxResponseHeadBytes];
        int length = 0;
        int headEnd;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await stream.WriteAsync(Request(uri, key, subProtocol), deadline.Token).ConfigureAwait(false);
            await stream.FlushAsync(deadline.Token).ConfigureAwait(false);
            while ((headEnd = HeadEnd(buffer.AsSpan(0, length))) < 0)
            {
                if (length == buffer.Length)
                {
                    throw Failure(uri, $"the response head is longer than {MaxResponseHeadBytes} bytes");
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length), deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw Failure(uri, length == 0 ? "the server closed the connection without a response" : "the server closed the connection in the middle of the response head");
                }

                length += read;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(uri, $"no complete response within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (IOException exception)
        {
            throw new WampConnectionException($"the WebSocket handshake with {uri} failed: {exception.Message}", exception);
        }

        string? error = CheckResponse(buffer.AsSpan(0, headEnd), key, subProtocol);
        if (error is not null)
        {
            throw Failure(uri, error);
        }

        // Frames that came with the head are replayed first; the rest of the 8 KiB buffer is not kept alive for them.
        return headEnd < length ? new ReplayStream(stream, buffer[headEnd..length], 0, length - headEnd) : stream;
    }

    /// <summary>RFC 6455, section 4.1: the GET request that asks for the upgrade.</summary>
    public static byte[] Request(Uri uri, string key, string subProtocol)
    {
        // The Host field carries the port only when it is not the scheme's default (RFC 7230, section 5.4).
        string host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        string port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        return Encoding.ASCII.GetBytes(
            $"GET {uri.PathAndQuery} HTTP/1.1\r\n"
            + $"Host: {host}{port}\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {key}\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + $"Sec-WebSocket-Protocol: {subProtocol}\r\n"
            + "\r\n");
    }

    /// <summary>Sec-WebSocket-Accept: base64(SHA-1(key + GUID)).</summary>
    /// <remarks>SHA-1 is what RFC 6455 prescribes here; it proves the server read the key, it protects nothing.</remarks>
#pragma warning disable CA5350 // The protocol fixes the algorithm.
    public static string Accept(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + KeyGuid)));
#pragma warning restore CA5350

    /// <summary>
    /// RFC 6455, section 4.1, the client's checks of the server's response: 101, Upgrade: websocket, Connection: upgrade,
    /// the right Sec-WebSocket-Accept, no extension (none was offered), and the offered subprotocol.
    /// </summary>
    /// <param name="head">The response head, up to and including the empty line that ends it.</param>
    /// <returns>Null when the upgrade succeeded, else what was wrong.</returns>
    public static string? CheckResponse(ReadOnlySpan<byte> head, string key, string subProtocol)
    {
        // Latin-1 maps every octet to one character, so a stray non-ASCII octet cannot break the parsing.
        string[] lines = Encoding.Latin1.GetString(head).Split("\r\n");
        string statusLine = lines[0];
        if (!statusLine.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
        {
            return $"the response does not start with an HTTP/1.1 status line: '{Printable(statusLine)}'";
        }

        if (!statusLine.AsSpan(9).StartsWith("101") || (statusLine.Length > 12 && statusLine[12] != ' '))
        {
            return $"the server answered '{Printable(statusLine)}', not 101 Switching Protocols";
        }

        string? upgrade = null;
        string? connection = null;
        string? accept = null;
        string? extensions = null;
        string? protocol = null;
        for (int i = 1; i < lines.Length && lines[i].Length > 0; i++)
        {
            string line = lines[i];
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t' || line[colon - 1] is ' ' or '\t')
            {
                return $"the response has a malformed header line: '{Printable(line)}'";
            }

            string value = line[(colon + 1)..].Trim(' ', '\t');
            switch (line[..colon].ToUpperInvariant())
            {
                case "UPGRADE":
                    upgrade = Combine(upgrade, value);
                    break;
                case "CONNECTION":
                    connection = Combine(connection, value);
                    break;
                case "SEC-WEBSOCKET-ACCEPT":
                    accept = Combine(accept, value);
                    break;
                case "SEC-WEBSOCKET-EXTENSIONS":
                    extensions = Combine(extensions, value);
                    break;
                case "SEC-WEBSOCKET-PROTOCOL":
                    protocol = Combine(protocol, value);
                    break;
            }
        }

        if (!string.Equals(upgrade, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            return upgrade is null ? "the response has no Upgrade header" : $"the response's Upgrade header is '{Printable(upgrade)}', not 'websocket'";
        }

        if (connection is null || !HasToken(connection, "upgrade"))
        {
            return connection is null ? "the response has no Connection header" : $"the response's Connection header '{Printable(connection)}' has no 'upgrade' token";
        }

        string expected = Accept(key);
        if (accept != expected)
        {
            return accept is null ? "the response has no Sec-WebSocket-Accept header" : $"the response's Sec-WebSocket-Accept is '{Printable(accept)}', expected '{expected}'";
        }

        if (!string.IsNullOrEmpty(extensions))
        {
            return $"the server chose extension '{Printable(extensions)}', which was not offered";
        }

        if (protocol != subProtocol)
        {
            return protocol is null
                ? $"the server did not accept subprotocol {subProtocol} (its response names none)"
                : $"the server chose subprotocol '{Printable(protocol)}', which was not offered (offered: {subProtocol})";
        }

        return null;
    }

    /// <summary>The length of the response head including the empty line that ends it, or -1 while it is incomplete.</summary>
    public static int HeadEnd(ReadOnlySpan<byte> received)
    {
        int index = received.IndexOf("\r\n\r\n"u8);
        return index < 0 ? -1 : index + 4;
    }

    private static string NewKey()
    {
        Span<byte> key = stackalloc byte[KeyOctets];
        RandomNumberGenerator.Fill(key);
        return Convert.ToBase64String(key);
    }

    // RFC 7230, section 3.2.2: repeated fields of a list are one field with the values joined by commas.
    private static string Combine(string? previous, string value) => previous is null ? value : previous + ", " + value;

    private static bool HasToken(string list, string token)
    {
        foreach (string item in list.Split(','))
        {
            if (item.Trim(' ', '\t').Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Peer text fit for an error message: control characters replaced, at most 100 characters.</summary>
    private static string Printable(string text)
    {
        const int MaxLength = 100;
        var printable = new StringBuilder(Math.Min(text.Length, MaxLength + 3));
        foreach (char c in text.Length > MaxLength ? text.AsSpan(0, MaxLength) : text)
        {
            printable.Append(c is >= ' ' and < '\x7f' ? c : '?');
        }

        return text.Length > MaxLength ? printable.Append("...").ToString() : printable.ToString();
    }

    private static WampConnectionException Failure(Uri uri, string reason) => new($"the WebSocket handshake with {uri} failed: {reason}");
}
