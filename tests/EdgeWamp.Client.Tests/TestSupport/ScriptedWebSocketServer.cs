using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace EdgeWamp.Client.Tests.TestSupport;

/// <summary>
/// A WebSocket "server" on 127.0.0.1:0 that answers exactly what a test writes, byte for byte, one TCP write per
/// chunk: for handshakes no real server would answer. Accepts one client, reads its upgrade request, then follows the
/// test's script. Speaks the RFC 6455 framing only as far as the tests need (unmasked short frames out, masked in).
/// </summary>
internal sealed class ScriptedWebSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket? _client;

    public ScriptedWebSocketServer()
    {
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The client's upgrade request head, set by <see cref="AcceptAsync"/>.</summary>
    public string Request { get; private set; } = "";

    /// <summary>The Sec-WebSocket-Key of the request.</summary>
    public string Key => Header("Sec-WebSocket-Key") ?? throw new InvalidOperationException("the request has no Sec-WebSocket-Key");

    /// <summary>What a correct server answers to <see cref="Key"/>: base64(SHA-1(key + the RFC 6455 GUID)), computed here independently.</summary>
#pragma warning disable CA5350 // RFC 6455 fixes the algorithm.
    public string ExpectedAccept => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(Key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350

    public Uri Url(string pathAndQuery = "/ws") => new($"ws://127.0.0.1:{Port}{pathAndQuery}");

    /// <summary>Accepts the client and reads its request head.</summary>
    public async Task AcceptAsync(CancellationToken cancellationToken)
    {
        _client = await _listener.AcceptSocketAsync(cancellationToken);
        _client.NoDelay = true;
        var head = new List<byte>();
        byte[] octet = new byte[1];
        while (!EndsWithEmptyLine(head))
        {
            if (await _client.ReceiveAsync(octet, cancellationToken) == 0)
            {
                throw new IOException("the client closed before the end of its request");
            }

            head.Add(octet[0]);
        }

        Request = Encoding.ASCII.GetString(head.ToArray());
    }

    /// <summary>The value of a request header field, or null.</summary>
    public string? Header(string name)
    {
        foreach (string line in Request.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>A 101 response with the right accept value and the given subprotocol.</summary>
    public string Switching(string subProtocol) =>
        $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {ExpectedAccept}\r\nSec-WebSocket-Protocol: {subProtocol}\r\n\r\n";

    /// <summary>Writes each chunk with a TCP write of its own.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken, params byte[][] chunks)
    {
        foreach (byte[] chunk in chunks)
        {
            await Client.SendAsync(chunk, cancellationToken);
        }
    }

    public Task WriteAsync(string text, CancellationToken cancellationToken) => WriteAsync(cancellationToken, Encoding.ASCII.GetBytes(text));

    /// <summary>An unmasked text frame (RFC 6455, section 5.2) of fewer than 126 octets, as a server sends it.</summary>
    public static byte[] TextFrame(string text)
    {
        byte[] payload = Encoding.UTF8.GetBytes(text);
        return [0x81, (byte)payload.Length, .. payload];
    }

    /// <summary>Reads one masked frame of fewer than 126 octets from the client and returns its opcode and unmasked payload.</summary>
    public async Task<(int Opcode, byte[] Payload)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        byte[] header = await ReadExactlyAsync(6, cancellationToken);
        Assert.Equal(0x80, header[1] & 0x80); // RFC 6455, section 5.3: a client masks every frame.
        int length = header[1] & 0x7F;
        Assert.True(length < 126, "the test server reads short frames only");
        byte[] payload = await ReadExactlyAsync(length, cancellationToken);
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] ^= header[2 + (i % 4)];
        }

        return (header[0] & 0x0F, payload);
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }

    private Socket Client => _client ?? throw new InvalidOperationException("no client accepted yet");

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int received = await Client.ReceiveAsync(buffer.AsMemory(read), cancellationToken);
            if (received == 0)
            {
                throw new IOException("the client closed the connection");
            }

            read += received;
        }

        return buffer;
    }

    private static bool EndsWithEmptyLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}
