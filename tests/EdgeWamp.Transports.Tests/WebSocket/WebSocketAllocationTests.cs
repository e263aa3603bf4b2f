using System.Net;
using System.Net.Sockets;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Streams;
using EdgeWamp.Transports.Tests.TestSupport;
using EdgeWamp.Transports.WebSocket;

namespace EdgeWamp.Transports.Tests.WebSocket;

/// <summary>
/// The WebSocket receive path allocates nothing per message in the steady state (DESIGN.md's performance contract).
/// </summary>
/// <remarks>
/// How it measures: the client's frames are all in a MemoryStream, so every read, and with it the connection's whole
/// receive loop (frame parsing in System.Net.WebSockets, reassembly, batch splitting, delivery to the peer), completes
/// synchronously on the test thread, where <see cref="GC.GetAllocatedBytesForCurrentThread"/> counts every byte.
/// The peer reads the counter after the first 1,000 messages and again after 10,000 more.
/// </remarks>
[Collection(IsolatedAllocationMeasurement.Name)]
public sealed class WebSocketAllocationTests
{
    private const int Warmup = 1_000;
    private const int Measured = 10_000;

    [Theory]
    [InlineData("wamp.2.json", "[16,1,{},\"sensors.env.temperature\",[21.5]]")]
    [InlineData("wamp.2.json.batched", "[16,1,{},\"sensors.env.temperature\",[21.5]]\u001e[16,2,{},\"sensors.env.humidity\",[40]]\u001e")]
    [InlineData("wamp.2.cbor.batched", "\0\0\0\u0004abcd\0\0\0\u0002ef")]
    public void Receive_SteadyState_AllocatesNothingPerMessage(string protocolName, string message)
    {
        WebSocketSubprotocol protocol = WebSocketSubprotocol.All.Single(p => p.Name == protocolName);
        byte[] payload = System.Text.Encoding.Latin1.GetBytes(message);
        int perFrame = protocol.Batched ? 2 : 1;
        var peer = new AllocationMeasuringPeer(Warmup * perFrame, (Warmup + Measured) * perFrame);

        // A whole run first, so the JIT has compiled (and re-compiled at tier 1) this path before the measured one:
        // a method promoted in the middle of the measured run allocates its bookkeeping there.
        Run(protocol, payload, Warmup + Measured, new AllocationMeasuringPeer(int.MaxValue, int.MaxValue));
        Run(protocol, payload, Warmup + Measured, peer);

        Assert.Equal((Warmup + Measured) * perFrame, peer.Count);
        Assert.True(peer.SameThread, "the receive loop did not run synchronously on the test thread: nothing was measured");
        // Less than one byte per message: any per-message allocation costs at least 24 bytes each, 240 KB in all.
        // Not exactly 0 because, with other test classes running, the runtime rarely does a one-off piece of
        // bookkeeping on this thread (about 2.8 KB once in a few runs); Router's allocation tests run alone.
        Assert.InRange(peer.AllocatedBetweenMarks, 0, Measured - 1);
    }

    /// <summary>Runs one connection over <paramref name="count"/> client frames, all delivered to <paramref name="peer"/>.</summary>
    private static void Run(WebSocketSubprotocol protocol, byte[] payload, int count, AllocationMeasuringPeer peer)
    {
        byte[] frames = ClientFrames(payload, protocol.MessageType == System.Net.WebSockets.WebSocketMessageType.Text, count);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using Socket server = listener.Accept();
        var network = new NetworkStream(server, ownsSocket: false);
        var input = new InputOnlyStream(frames);
        using var transport = new TransportStream(server, network, null, input);
        System.Net.WebSockets.WebSocket webSocket = System.Net.WebSockets.WebSocket.CreateFromStream(input, new System.Net.WebSockets.WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = protocol.Name,
            KeepAliveInterval = TimeSpan.Zero,
        });
        var options = new RawSocketListenerOptions { EndPoint = listener.LocalEndPoint!, DrainTimeout = TimeSpan.FromMilliseconds(100) };
        using var connection = new WebSocketConnection(transport, webSocket, protocol, options, "ws test", TransportInfo.None, new TestLogger());

        connection.RunAsync(new SinglePeerFactory(peer), CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Client frames (RFC 6455, section 5.2): FIN, opcode, the mask bit with a zero key (so the payload is plain), the payload.</summary>
    private static byte[] ClientFrames(byte[] payload, bool text, int count)
    {
        using var frames = new MemoryStream();
        for (int i = 0; i < count; i++)
        {
            frames.WriteByte((byte)(0x80 | (text ? 0x1 : 0x2)));
            frames.WriteByte((byte)(0x80 | payload.Length));
            frames.Write([0, 0, 0, 0]);
            frames.Write(payload);
        }

        return frames.ToArray();
    }

    /// <summary>Reads the frames synchronously, then reports the end; whatever the server writes is discarded.</summary>
    private sealed class InputOnlyStream(byte[] input) : MemoryStream(input, writable: false)
    {
        public override bool CanWrite => true;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
