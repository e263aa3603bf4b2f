using Xunit;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EdgeWamp.Host.Tests.Hosting.Limits;

/// <summary>A minimal WAMP client over a real RawSocket connection with the JSON serializer: enough to drive the router in tests.</summary>
internal sealed class JsonRawSocketClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private JsonRawSocketClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connects and does the RawSocket handshake (JSON, up to 16 MiB per message). A small receive buffer makes a stalled reader stall sooner.</summary>
    public static async Task<JsonRawSocketClient> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken, int receiveBufferSize = 0)
    {
        (JsonRawSocketClient client, byte[] reply) = await HandshakeAsync(endPoint, cancellationToken, receiveBufferSize);
        Assert.True(reply[0] == 0x7F && (reply[1] & 0x0F) == 0x01, $"handshake refused: {Convert.ToHexString(reply)}");
        return client;
    }

    /// <summary>Connects and sends the handshake; returns the router's 4-octet reply, whatever it is.</summary>
    public static async Task<(JsonRawSocketClient Client, byte[] Reply)> HandshakeAsync(EndPoint endPoint, CancellationToken cancellationToken, int receiveBufferSize = 0)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBufferSize > 0)
        {
            socket.ReceiveBufferSize = receiveBufferSize;
        }

        await socket.ConnectAsync(endPoint, cancellationToken);
        var client = new JsonRawSocketClient(socket);
        await client._stream.WriteAsync(new byte[] { 0x7F, 0xF1, 0x00, 0x00 }, cancellationToken);
        byte[] reply = new byte[4];
        await client._stream.ReadExactlyAsync(reply, cancellationToken);
        return (client, reply);
    }

    /// <summary>HELLO to <paramref name="realm"/>, and the WELCOME.</summary>
    public async Task JoinAsync(string realm, CancellationToken cancellationToken)
    {
        await SendAsync("[1,\"" + realm + "\",{\"roles\":{\"publisher\":{},\"subscriber\":{},\"caller\":{},\"callee\":{}}}]", cancellationToken);
        using JsonDocument welcome = await ReceiveAsync(cancellationToken);
        Assert.Equal(2, welcome.RootElement[0].GetInt32());
    }

    public async Task SubscribeAsync(string topic, CancellationToken cancellationToken)
    {
        await SendAsync($$"""[32,1,{},"{{topic}}"]""", cancellationToken);
        using JsonDocument subscribed = await ReceiveAsync(cancellationToken);
        Assert.Equal(33, subscribed.RootElement[0].GetInt32());
    }

    public async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        byte[] frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        await _stream.WriteAsync(frame, cancellationToken);
    }

    /// <summary>The next WAMP message; a PING is answered and skipped.</summary>
    public async Task<JsonDocument> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            byte[] header = new byte[4];
            await _stream.ReadExactlyAsync(header, cancellationToken);
            int length = BinaryPrimitives.ReadInt32BigEndian(header) & 0xFFFFFF;
            byte[] payload = new byte[length];
            await _stream.ReadExactlyAsync(payload, cancellationToken);
            switch (header[0])
            {
                case 0:
                    return JsonDocument.Parse(payload);
                case 1:
                    byte[] pong = new byte[4 + length];
                    BinaryPrimitives.WriteInt32BigEndian(pong, length);
                    pong[0] = 2;
                    payload.CopyTo(pong, 4);
                    await _stream.WriteAsync(pong, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Reads until the router closes the connection; true if it did within the token's time.</summary>
    public async Task<bool> ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (await _stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}
