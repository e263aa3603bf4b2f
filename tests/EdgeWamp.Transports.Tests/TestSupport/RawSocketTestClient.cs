using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Transports.Tests.TestSupport;

/// <summary>
/// A deliberately plain RawSocket client (WAMP spec, "RawSocket Transport") over a real <see cref="Socket"/>:
/// every octet it sends is spelled out by the test, so it can also send what a well-behaved client never would.
/// </summary>
internal sealed class RawSocketTestClient : IDisposable
{
    private RawSocketTestClient(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public static async Task<RawSocketTestClient> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawSocketTestClient(socket);
    }

    /// <summary>The 4 handshake octets: 0x7F, LLLL SSSS, 0, 0.</summary>
    public static byte[] Handshake(int lengthExponent, byte serializer, byte reserved1 = 0, byte reserved2 = 0) =>
        [RawSocketHandshake.Magic, (byte)((lengthExponent << 4) | serializer), reserved1, reserved2];

    /// <summary>A frame: first octet (5 reserved bits + 3-bit type), 24-bit big-endian length, payload.</summary>
    public static byte[] Frame(byte firstOctet, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[RawSocketFrameHeader.Length + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, ((uint)firstOctet << 24) | (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(RawSocketFrameHeader.Length));
        return frame;
    }

    public static byte[] Frame(RawSocketFrameType type, ReadOnlySpan<byte> payload) => Frame((byte)type, payload);

    public async Task SendAsync(ReadOnlyMemory<byte> octets, CancellationToken cancellationToken)
    {
        while (!octets.IsEmpty)
        {
            int sent = await Socket.SendAsync(octets, SocketFlags.None, cancellationToken);
            octets = octets[sent..];
        }
    }

    /// <summary>Sends one octet per socket send, so the receiver sees the bytes trickle in.</summary>
    public async Task SendByteByByteAsync(ReadOnlyMemory<byte> octets, CancellationToken cancellationToken)
    {
        for (int i = 0; i < octets.Length; i++)
        {
            await SendAsync(octets.Slice(i, 1), cancellationToken);
        }
    }

    public Task SendFrameAsync(RawSocketFrameType type, ReadOnlySpan<byte> payload, CancellationToken cancellationToken) =>
        SendAsync(Frame(type, payload), cancellationToken);

    /// <summary>Sends a handshake and returns the router's 4 reply octets.</summary>
    public async Task<byte[]> HandshakeAsync(int lengthExponent, byte serializer, CancellationToken cancellationToken)
    {
        await SendAsync(Handshake(lengthExponent, serializer), cancellationToken);
        return await ReceiveExactlyAsync(RawSocketHandshake.Length, cancellationToken);
    }

    /// <summary>Handshakes and asserts the router accepted it with the requested serializer.</summary>
    public async Task HandshakeAcceptedAsync(CancellationToken cancellationToken, int lengthExponent = 15, WampSerializer serializer = WampSerializer.Cbor)
    {
        byte[] reply = await HandshakeAsync(lengthExponent, (byte)serializer, cancellationToken);
        Assert.Equal(RawSocketHandshake.Magic, reply[0]);
        Assert.Equal((byte)serializer, reply[1] & 0x0F);
        Assert.Equal([0, 0], reply[2..]);
    }

    public async Task<byte[]> ReceiveExactlyAsync(int count, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[count];
        int received = 0;
        while (received < count)
        {
            int n = await Socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new EndOfStreamException($"The router closed the connection after {received} of {count} octets.");
            }

            received += n;
        }

        return buffer;
    }

    public async Task<ReceivedFrame> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        byte[] header = await ReceiveExactlyAsync(RawSocketFrameHeader.Length, cancellationToken);
        Assert.Equal(FrameHeaderStatus.Ok, RawSocketFrameHeader.TryParse(header, out RawSocketFrameType type, out int length));
        byte[] payload = length == 0 ? [] : await ReceiveExactlyAsync(length, cancellationToken);
        return new ReceivedFrame(type, payload);
    }

    /// <summary>
    /// Reads until the router closes the connection (end of stream, or a reset) and returns the octets that arrived
    /// first. Throws <see cref="OperationCanceledException"/> when the connection stays open.
    /// </summary>
    public async Task<byte[]> ReceiveUntilClosedAsync(CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        byte[] buffer = new byte[16 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = await Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                return received.ToArray();
            }

            if (n == 0)
            {
                return received.ToArray();
            }

            received.Write(buffer, 0, n);
        }
    }

    /// <summary>Closes with a TCP reset where the transport has one (linger 0), as a crashed client would.</summary>
    public void Abort()
    {
        if (Socket.AddressFamily != AddressFamily.Unix)
        {
            Socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }

        Socket.Dispose();
    }

    public void Dispose() => Socket.Dispose();
}
