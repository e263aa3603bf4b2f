using System.Net;
using System.Net.Sockets;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Streams;
using EdgeWamp.Transports.Tests.TestSupport;
using EdgeWamp.Transports.Tests.WebSocket;

namespace EdgeWamp.Transports.Tests.RawSocket;

/// <summary>
/// A RawSocket connection receives, answers and sends without allocating per message in the steady state: the
/// receive loop's buffer and frame cutting, the send batch, the outbox and the direct send (DESIGN.md's performance
/// contract).
/// </summary>
/// <remarks>
/// How it measures: the client's frames are all in a MemoryStream, so every read completes synchronously and the
/// whole receive loop runs on the test thread, where <see cref="GC.GetAllocatedBytesForCurrentThread"/> counts every
/// byte. The peer answers each message with a message of its own, which the batch's end sends on a real loopback
/// socket to a client that drains it. The peer reads the counter after the first 1,000 messages and again after
/// 10,000 more.
/// </remarks>
[Collection(IsolatedAllocationMeasurement.Name)]
public sealed class RawSocketAllocationTests
{
    private const int Warmup = 1_000;
    private const int Measured = 10_000;

    // The peer's answer to every message.
    private static readonly byte[] Answer = [0x83, 0x11, 0x01, 0x02];

    [Theory]
    [InlineData(8)]
    [InlineData(16 * 1024)]
    public void ReceiveAndAnswer_SteadyState_AllocatesNothingPerMessage(int bytesPerRead)
    {
        // 8 bytes per read is one frame per read: each message is a batch of its own, ending in a send of its own.
        // A whole run first, so the JIT has compiled (and re-compiled at tier 1) this path before the measured one.
        Run(new AllocationMeasuringPeer(int.MaxValue, int.MaxValue), bytesPerRead);
        var peer = new AllocationMeasuringPeer(Warmup, Warmup + Measured);
        long answered = Run(peer, bytesPerRead);

        Assert.Equal(Warmup + Measured, peer.Count);
        Assert.Equal(0, peer.Refused);
        Assert.Equal((Warmup + Measured) * (long)(RawSocketFrameHeader.Length + Answer.Length), answered);
        Assert.True(peer.SameThread, "the receive loop did not run synchronously on the test thread: nothing was measured");

        // Less than one byte per message: any per-message allocation costs at least 24 bytes each. Not exactly 0
        // because the runtime may do a one-off piece of bookkeeping on this thread (as in WebSocketAllocationTests).
        Assert.InRange(peer.AllocatedBetweenMarks, 0, Measured - 1);
    }

    /// <summary>Runs one connection over the handshake and <see cref="Warmup"/> + <see cref="Measured"/> frames; returns the bytes the client received after the handshake.</summary>
    private static long Run(AllocationMeasuringPeer peer, int bytesPerRead)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using Socket server = listener.Accept();
        Task<long> draining = Task.Run(() => Drain(client));

        var input = new ChunkedInput(bytesPerRead);
        input.Write(RawSocketTestClient.Handshake(lengthExponent: 15, (byte)WampSerializer.Cbor));
        byte[] frame = RawSocketTestClient.Frame(RawSocketFrameType.Regular, "\x83\x10\x01\xa0"u8);
        for (int i = 0; i < Warmup + Measured; i++)
        {
            input.Write(frame);
        }

        input.Position = 0;
        var network = new NetworkStream(server, ownsSocket: false);
        using var transport = new TransportStream(server, network, null, input);
        var options = new RawSocketListenerOptions { EndPoint = listener.LocalEndPoint!, DrainTimeout = TimeSpan.FromSeconds(5), PingInterval = TimeSpan.Zero };
        using var connection = new RawSocketConnection(transport, options, "raw test", TransportInfo.None, new TestLogger());
        peer.Answer = () => connection.TryWrite(Answer) == WriteResult.Written;

        // The input ends after the last frame: the connection closes, sends what is queued and half-closes.
        connection.RunAsync(new SinglePeerFactory(peer), () => true, CancellationToken.None).GetAwaiter().GetResult();
        return draining.Wait(TimeSpan.FromSeconds(10)) ? draining.Result - RawSocketHandshake.Length : -1;
    }

    /// <summary>Reads until the server half-closes; returns the byte count.</summary>
    private static long Drain(Socket client)
    {
        byte[] sink = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = client.Receive(sink)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>The client's bytes, at most <paramref name="bytesPerRead"/> per read, every read complete at once.</summary>
    private sealed class ChunkedInput(int bytesPerRead) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, bytesPerRead)], cancellationToken);
    }
}
