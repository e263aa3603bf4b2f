using System.Buffers.Binary;
using System.Net;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Tests.TestSupport;

namespace EdgeWamp.Transports.Tests.RawSocket;

/// <summary>
/// The RawSocket transport's behaviour (WAMP spec, "RawSocket Transport"), run once per kind of stream socket by a subclass.
/// Everything goes over real sockets; every wait is bounded by <see cref="Timeout"/> and waits for a signal, never a fixed time.
/// </summary>
public abstract partial class TransportConformanceTests : IAsyncLifetime
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    // 2^20 = 2^(9 + 11): the handshake's length exponent for the default MaxMessageSize of 1 MiB.
    private const int DefaultRouterExponent = 11;

    private readonly CancellationTokenSource _timeout = new(TestTimeout);
    private readonly List<RawSocketListener> _listeners = [];
    private readonly List<RawSocketTestClient> _clients = [];

    private protected TestLogger Log { get; } = new();

    private protected RecordingPeerFactory Peers { get; } = new();

    protected CancellationToken Timeout => _timeout.Token;

    /// <summary>A fresh address for a listener: a loopback port 0, or a path in the test's own directory.</summary>
    protected abstract EndPoint CreateEndPoint();

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (RawSocketTestClient client in _clients)
        {
            client.Dispose();
        }

        foreach (RawSocketListener listener in _listeners)
        {
            await listener.DisposeAsync().AsTask().WaitAsync(TestTimeout);
            Assert.Equal(0, listener.ConnectionCount);
        }

        _timeout.Dispose();
        Log.AssertNoErrors();
    }

    private protected RawSocketListener StartListener(Func<EndPoint, RawSocketListenerOptions>? options = null, EndPoint? endPoint = null)
    {
        options ??= static ep => new RawSocketListenerOptions { EndPoint = ep };
        var listener = new RawSocketListener(options(endPoint ?? CreateEndPoint()), Peers, Log);
        listener.Start();
        _listeners.Add(listener);
        return listener;
    }

    /// <summary>Disposes a listener inside the test (it is then not disposed again at the end).</summary>
    private protected async Task DisposeListenerAsync(RawSocketListener listener)
    {
        _listeners.Remove(listener);
        await listener.DisposeAsync().AsTask().WaitAsync(Timeout);
    }

    private protected async Task<RawSocketTestClient> ConnectAsync(RawSocketListener listener)
    {
        RawSocketTestClient client = await RawSocketTestClient.ConnectAsync(listener.LocalEndPoint!, Timeout);
        _clients.Add(client);
        return client;
    }

    /// <summary>Connects, handshakes, and returns the client with the peer the listener opened for it.</summary>
    private protected async Task<(RawSocketTestClient Client, RecordingPeer Peer)> OpenAsync(
        RawSocketListener listener, int lengthExponent = 15, WampSerializer serializer = WampSerializer.Cbor)
    {
        RawSocketTestClient client = await ConnectAsync(listener);
        await client.HandshakeAcceptedAsync(Timeout, lengthExponent, serializer);
        RecordingPeer peer = await Peers.NextPeerAsync(Timeout);
        return (client, peer);
    }

    [Fact]
    public async Task Liveness_SilentPeer_GetsAPingThenIsDisconnected()
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions
        {
            EndPoint = ep,
            PingInterval = TimeSpan.FromMilliseconds(200),
            PingTimeout = TimeSpan.FromMilliseconds(300),
        });
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        ReceivedFrame ping = await client.ReceiveFrameAsync(Timeout);
        await client.ReceiveUntilClosedAsync(Timeout);

        Assert.Equal(RawSocketFrameType.Ping, ping.Type);
        Assert.True(SpinWait.SpinUntil(() => peer.DisconnectCount == 1, TimeSpan.FromSeconds(5)), "the silent peer was not disconnected");
        client.Dispose();
    }

    [Fact]
    public async Task Liveness_PeerAnsweringPings_StaysConnected()
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions
        {
            EndPoint = ep,
            PingInterval = TimeSpan.FromMilliseconds(100),
            PingTimeout = TimeSpan.FromMilliseconds(300),
        });
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        // Answer three PINGs: together they span longer than interval + timeout, so only the PONGs kept the link up.
        for (int i = 0; i < 3; i++)
        {
            ReceivedFrame ping = await client.ReceiveFrameAsync(Timeout);
            Assert.Equal(RawSocketFrameType.Ping, ping.Type);
            await client.SendFrameAsync(RawSocketFrameType.Pong, ping.Payload, Timeout);
        }

        Assert.Equal(WriteResult.Written, peer.Connection.TryWrite("still here"u8));
        ReceivedFrame message = await NextRegularFrameAsync(client);
        Assert.Equal("still here"u8.ToArray(), message.Payload);
        Assert.Equal(0, peer.DisconnectCount);
        client.Dispose();
    }

    /// <summary>The next frame that is not a PING (PINGs may come in between on a link with liveness checks).</summary>
    private async Task<ReceivedFrame> NextRegularFrameAsync(RawSocketTestClient client)
    {
        while (true)
        {
            ReceivedFrame frame = await client.ReceiveFrameAsync(Timeout);
            if (frame.Type == RawSocketFrameType.Regular)
            {
                return frame;
            }
        }
    }

    private static byte[] Payload(int length, int seed)
    {
        byte[] payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    /// <summary>A message whose first 4 octets are its sequence number, so order can be checked.</summary>
    private static byte[] Numbered(int sequence, int length)
    {
        byte[] message = Payload(Math.Max(length, 4), sequence);
        BinaryPrimitives.WriteInt32BigEndian(message, sequence);
        return message;
    }

    /// <summary>Writes until the outbox refuses: with a client that never reads, the socket buffers fill and the outbox with them.</summary>
    private static int FillOutbox(IWampConnection connection, CancellationToken cancellationToken)
    {
        int written = 0;
        int fullInARow = 0;

        // A Full result can be momentary (the send loop has not caught up yet); many in a row mean the socket is not draining.
        var spin = default(SpinWait);
        while (fullInARow < 1000)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteResult result = connection.TryWrite(Numbered(written, 4096));
            if (result == WriteResult.Full)
            {
                fullInARow++;
                spin.SpinOnce();
                continue;
            }

            Assert.Equal(WriteResult.Written, result);
            written++;
            fullInARow = 0;
        }

        return written;
    }

    // ---- Handshake ----

    [Theory]
    [InlineData(WampSerializer.Json)]
    [InlineData(WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Cbor)]
    [InlineData(WampSerializer.UbJson)]
    public async Task Handshake_SupportedSerializer_RepliesWithRouterLengthAndEchoedSerializer(WampSerializer serializer)
    {
        RawSocketListener listener = StartListener();
        RawSocketTestClient client = await ConnectAsync(listener);

        byte[] reply = await client.HandshakeAsync(lengthExponent: 3, (byte)serializer, Timeout);

        Assert.Equal([0x7F, (byte)((DefaultRouterExponent << 4) | (byte)serializer), 0x00, 0x00], reply);
        RecordingPeer peer = await Peers.NextPeerAsync(Timeout);
        Assert.Equal(serializer, peer.Connection.Serializer);
        Assert.False(string.IsNullOrWhiteSpace(peer.Connection.Description));
    }

    [Theory]
    [InlineData(512, 0x0)]
    [InlineData(1000, 0x0)]
    [InlineData(1024, 0x1)]
    [InlineData(1500, 0x1)]
    [InlineData(64 * 1024, 0x7)]
    [InlineData(1 << 24, 0xF)]
    [InlineData(int.MaxValue, 0xF)]
    public async Task Handshake_MaxMessageSize_AdvertisesLargestExponentNotAboveIt(int maxMessageSize, int exponent)
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, MaxMessageSize = maxMessageSize });
        RawSocketTestClient client = await ConnectAsync(listener);

        byte[] reply = await client.HandshakeAsync(lengthExponent: 0, (byte)WampSerializer.Cbor, Timeout);

        Assert.Equal([0x7F, (byte)((exponent << 4) | (byte)WampSerializer.Cbor), 0x00, 0x00], reply);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public async Task Handshake_UnknownSerializer_RepliesError1AndCloses(byte serializer)
    {
        RawSocketListener listener = StartListener();
        RawSocketTestClient client = await ConnectAsync(listener);

        byte[] reply = await client.HandshakeAsync(lengthExponent: 15, serializer, Timeout);

        Assert.Equal([0x7F, 0x10, 0x00, 0x00], reply);
        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        Assert.False(Peers.TryNextPeer(out _));
    }

    [Theory]
    [InlineData(WampSerializer.Json)]
    [InlineData(WampSerializer.MsgPack)]
    [InlineData(WampSerializer.UbJson)]
    public async Task Handshake_SerializerNotInOptions_RepliesError1AndCloses(WampSerializer serializer)
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, Serializers = [WampSerializer.Cbor] });
        RawSocketTestClient client = await ConnectAsync(listener);

        byte[] reply = await client.HandshakeAsync(lengthExponent: 15, (byte)serializer, Timeout);

        Assert.Equal([0x7F, 0x10, 0x00, 0x00], reply);
        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        Assert.False(Peers.TryNextPeer(out _));
    }

    [Theory]
    [InlineData(0x01, 0x00)]
    [InlineData(0x00, 0x01)]
    [InlineData(0x80, 0x00)]
    [InlineData(0xFF, 0xFF)]
    public async Task Handshake_ReservedOctetsNotZero_RepliesError3AndCloses(byte reserved1, byte reserved2)
    {
        RawSocketListener listener = StartListener();
        RawSocketTestClient client = await ConnectAsync(listener);

        await client.SendAsync(RawSocketTestClient.Handshake(15, (byte)WampSerializer.Cbor, reserved1, reserved2), Timeout);

        Assert.Equal([0x7F, 0x30, 0x00, 0x00], await client.ReceiveExactlyAsync(4, Timeout));
        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        Assert.False(Peers.TryNextPeer(out _));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0xF3, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x7E, 0xF3, 0x00, 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xF3, 0x00, 0x00 })]
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ' })]
    public async Task Handshake_FirstOctetNot0x7F_ClosesWithoutReply(byte[] handshake)
    {
        RawSocketListener listener = StartListener();
        RawSocketTestClient client = await ConnectAsync(listener);

        await client.SendAsync(handshake, Timeout);

        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        Assert.False(Peers.TryNextPeer(out _));
    }

    [Fact]
    public async Task Handshake_MaxConnectionsReached_RepliesError4AndCloses()
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, MaxConnections = 1 });
        (RawSocketTestClient first, RecordingPeer firstPeer) = await OpenAsync(listener);

        RawSocketTestClient second = await ConnectAsync(listener);
        byte[] reply = await second.HandshakeAsync(15, (byte)WampSerializer.Cbor, Timeout);

        Assert.Equal([0x7F, 0x40, 0x00, 0x00], reply);
        Assert.Empty(await second.ReceiveUntilClosedAsync(Timeout));
        Assert.False(Peers.TryNextPeer(out _));

        // The slot frees once the first connection is gone.
        first.Dispose();
        await firstPeer.Disconnected.WaitAsync(Timeout);
        Assert.True(SpinWait.SpinUntil(() => listener.ConnectionCount == 0, TestTimeout));
        (_, RecordingPeer third) = await OpenAsync(listener);
        Assert.Equal(WampSerializer.Cbor, third.Connection.Serializer);
    }

    [Fact]
    public async Task Handshake_SplitAcrossWrites_Accepted()
    {
        RawSocketListener listener = StartListener();
        RawSocketTestClient client = await ConnectAsync(listener);

        await client.SendByteByByteAsync(RawSocketTestClient.Handshake(15, (byte)WampSerializer.Json), Timeout);

        Assert.Equal([0x7F, (DefaultRouterExponent << 4) | 0x01, 0x00, 0x00], await client.ReceiveExactlyAsync(4, Timeout));
        Assert.Equal(WampSerializer.Json, (await Peers.NextPeerAsync(Timeout)).Connection.Serializer);
    }

    [Fact]
    public async Task Handshake_NotCompletedWithinTimeout_ClosesWithoutReply()
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, HandshakeTimeout = TimeSpan.FromMilliseconds(100) });
        RawSocketTestClient client = await ConnectAsync(listener);

        await client.SendAsync(new byte[] { 0x7F, 0xF3 }, Timeout);

        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        Assert.False(Peers.TryNextPeer(out _));
    }

    // ---- Frames from the client ----

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(100_000)]
    [InlineData(1 << 20)]
    public async Task Receive_RegularFrame_DeliversMessageExactly(int length)
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);
        byte[] message = Payload(length, seed: length);

        await client.SendFrameAsync(RawSocketFrameType.Regular, message, Timeout);

        Assert.Equal(message, await peer.ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task Receive_ManyFramesBackToBack_DeliveredInOrder()
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);
        const int Count = 2000;

        for (int i = 0; i < Count; i++)
        {
            await client.SendFrameAsync(RawSocketFrameType.Regular, Numbered(i, i % 700), Timeout);
        }

        for (int i = 0; i < Count; i++)
        {
            Assert.Equal(Numbered(i, i % 700), await peer.ReceiveAsync(Timeout));
        }
    }

    [Fact]
    public async Task Receive_FrameSentByteByByte_DeliveredWhole()
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);
        byte[] message = Payload(300, seed: 7);

        await client.SendByteByByteAsync(RawSocketTestClient.Frame(RawSocketFrameType.Regular, message), Timeout);

        Assert.Equal(message, await peer.ReceiveAsync(Timeout));
        Assert.False(peer.TryReceive(out _));
    }

    [Fact]
    public async Task Receive_TwoFramesInOneWrite_BothDelivered()
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);
        byte[] first = Payload(10, seed: 1);
        byte[] second = Payload(20, seed: 2);

        await client.SendAsync((byte[])[.. RawSocketTestClient.Frame(RawSocketFrameType.Regular, first), .. RawSocketTestClient.Frame(RawSocketFrameType.Regular, second)], Timeout);

        Assert.Equal(first, await peer.ReceiveAsync(Timeout));
        Assert.Equal(second, await peer.ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task Receive_HandshakeAndFrameInOneWrite_FrameDelivered()
    {
        RawSocketListener listener = StartListener();
        RawSocketTestClient client = await ConnectAsync(listener);
        byte[] message = Payload(50, seed: 3);

        await client.SendAsync((byte[])[.. RawSocketTestClient.Handshake(15, (byte)WampSerializer.Cbor), .. RawSocketTestClient.Frame(RawSocketFrameType.Regular, message)], Timeout);

        Assert.Equal([0x7F, (DefaultRouterExponent << 4) | 0x03, 0x00, 0x00], await client.ReceiveExactlyAsync(4, Timeout));
        RecordingPeer peer = await Peers.NextPeerAsync(Timeout);
        Assert.Equal(message, await peer.ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task Receive_FrameOfExactlyTheMaximum_Delivered()
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, MaxMessageSize = 1024 });
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);
        byte[] message = Payload(1024, seed: 4);

        await client.SendFrameAsync(RawSocketFrameType.Regular, message, Timeout);

        Assert.Equal(message, await peer.ReceiveAsync(Timeout));
    }

    [Theory]
    [InlineData(1025)]
    [InlineData(4096)]
    [InlineData(RawSocketFrameHeader.MaxPayloadLength)]
    public async Task Receive_FrameLongerThanMaximum_ClosesBeforeTheBodyArrives(int announcedLength)
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, MaxMessageSize = 1024 });
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        // Only the header: a router that waited for the body would never close, and the test would time out.
        byte[] header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)announcedLength);
        await client.SendAsync(header, Timeout);

        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        await peer.Disconnected.WaitAsync(Timeout);
        Assert.False(peer.TryReceive(out _));
    }

    [Theory]
    [InlineData(0x03)]
    [InlineData(0x04)]
    [InlineData(0x05)]
    [InlineData(0x06)]
    [InlineData(0x07)]
    [InlineData(0x08)]
    [InlineData(0x09)]
    [InlineData(0x80)]
    [InlineData(0xF8)]
    public async Task Receive_FrameWithReservedBitsOrUnknownType_Closes(byte firstOctet)
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        await client.SendAsync(RawSocketTestClient.Frame(firstOctet, "x"u8), Timeout);

        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        await peer.Disconnected.WaitAsync(Timeout);
        Assert.False(peer.TryReceive(out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(3000)]
    public async Task Receive_Ping_AnsweredWithPongOfTheSamePayloadAndNotDelivered(int length)
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);
        byte[] payload = Payload(length, seed: length);

        await client.SendFrameAsync(RawSocketFrameType.Ping, payload, Timeout);

        ReceivedFrame pong = await client.ReceiveFrameAsync(Timeout);
        Assert.Equal(RawSocketFrameType.Pong, pong.Type);
        Assert.Equal(payload, pong.Payload);

        // The next message the peer sees is the regular frame sent after the PING.
        await client.SendFrameAsync(RawSocketFrameType.Regular, "after"u8, Timeout);
        Assert.Equal("after"u8.ToArray(), await peer.ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task Receive_UnsolicitedPong_IgnoredAndNotDelivered()
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        await client.SendFrameAsync(RawSocketFrameType.Pong, "pong"u8, Timeout);
        await client.SendFrameAsync(RawSocketFrameType.Regular, "after"u8, Timeout);

        Assert.Equal("after"u8.ToArray(), await peer.ReceiveAsync(Timeout));
    }

    // ---- Messages to the client ----

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5000)]
    [InlineData(100_000)]
    public async Task TryWrite_Message_ClientReceivesOneRegularFrame(int length)
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);
        byte[] message = Payload(length, seed: length);

        Assert.Equal(WriteResult.Written, peer.Connection.TryWrite(message));

        ReceivedFrame frame = await client.ReceiveFrameAsync(Timeout);
        Assert.Equal(RawSocketFrameType.Regular, frame.Type);
        Assert.Equal(message, frame.Payload);
    }

    [Fact]
    public async Task TryWrite_ManyMessagesBackToBack_ArriveInOrder()
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);
        const int Count = 2000;

        for (int i = 0; i < Count; i++)
        {
            Assert.Equal(WriteResult.Written, peer.Connection.TryWrite(Numbered(i, i % 300)));
        }

        for (int i = 0; i < Count; i++)
        {
            ReceivedFrame frame = await client.ReceiveFrameAsync(Timeout);
            Assert.Equal(RawSocketFrameType.Regular, frame.Type);
            Assert.Equal(Numbered(i, i % 300), frame.Payload);
        }
    }

    [Fact]
    public async Task TryWrite_PeerAnswersInsideReceive_RoundTrips()
    {
        Peers.OnReceive = static (peer, message) => Assert.Equal(WriteResult.Written, peer.Connection.TryWrite(message));
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, _) = await OpenAsync(listener);

        for (int i = 0; i < 100; i++)
        {
            await client.SendFrameAsync(RawSocketFrameType.Regular, Numbered(i, 64), Timeout);
            Assert.Equal(Numbered(i, 64), (await client.ReceiveFrameAsync(Timeout)).Payload);
        }
    }

    [Fact]
    public async Task TryWrite_LargerThanClientMaximum_TooLargeAndNothingSent()
    {
        RawSocketListener listener = StartListener();

        // Exponent 0: the client receives at most 2^9 = 512 octets.
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener, lengthExponent: 0);

        Assert.Equal(WriteResult.TooLarge, peer.Connection.TryWrite(Payload(513, seed: 1)));
        byte[] fits = Payload(512, seed: 2);
        Assert.Equal(WriteResult.Written, peer.Connection.TryWrite(fits));

        ReceivedFrame frame = await client.ReceiveFrameAsync(Timeout);
        Assert.Equal(fits, frame.Payload);
    }

    /// <summary>
    /// Exponent 15 advertises 2^24 octets, but a frame's 24-bit length holds at most 2^24 - 1: a 16 MiB message cannot be framed.
    /// </summary>
    [Fact]
    public async Task TryWrite_MessageOf2To24Octets_TooLargeBecauseTheFrameLengthHas24Bits()
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, MaxOutboxBytes = 64 << 20 });
        (_, RecordingPeer peer) = await OpenAsync(listener, lengthExponent: 15);

        Assert.Equal(WriteResult.TooLarge, peer.Connection.TryWrite(new byte[RawSocketHandshake.MaxMessageLength]));
    }

    [Fact]
    public async Task TryWrite_ClientNeverReads_ReturnsFullWithoutBlockingThenRecoversOnceTheClientReads()
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, MaxOutboxBytes = 64 * 1024 });
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        // On its own task: a TryWrite that blocked would fail the test by timeout instead of hanging it.
        int written = await Task.Run(() => FillOutbox(peer.Connection, Timeout)).WaitAsync(Timeout);
        Assert.True(written > 0);

        Task<List<ReceivedFrame>> reading = Task.Run(async () =>
        {
            var frames = new List<ReceivedFrame>(written + 1);
            for (int i = 0; i <= written; i++)
            {
                frames.Add(await client.ReceiveFrameAsync(Timeout));
            }

            return frames;
        });

        // Exactly one more message gets through once the client drains the socket; refused attempts send nothing.
        byte[] next = Numbered(written, 4096);
        Assert.True(SpinWait.SpinUntil(() => peer.Connection.TryWrite(next) == WriteResult.Written, TestTimeout));

        List<ReceivedFrame> received = await reading.WaitAsync(Timeout);
        for (int i = 0; i <= written; i++)
        {
            Assert.Equal(Numbered(i, 4096), received[i].Payload);
        }
    }

    // ---- Closing ----

    [Fact]
    public async Task Close_WithQueuedMessages_DeliversThemThenClosesTheSocket()
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(WriteResult.Written, peer.Connection.TryWrite(Numbered(i, 1000)));
        }

        peer.Connection.Close();
        peer.Connection.Close();

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(Numbered(i, 1000), (await client.ReceiveFrameAsync(Timeout)).Payload);
        }

        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        await peer.Disconnected.WaitAsync(Timeout);
        Assert.Equal(WriteResult.Closed, peer.Connection.TryWrite("late"u8));
        await DisposeListenerAsync(listener);
        Assert.Equal(1, peer.DisconnectCount);
    }

    [Fact]
    public async Task Close_InsideReceive_AnswerDeliveredThenClosed()
    {
        Peers.OnReceive = static (peer, _) =>
        {
            peer.Connection.TryWrite("abort"u8);
            peer.Connection.Close();
        };
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        await client.SendFrameAsync(RawSocketFrameType.Regular, "bad"u8, Timeout);

        Assert.Equal("abort"u8.ToArray(), (await client.ReceiveFrameAsync(Timeout)).Payload);
        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        await peer.Disconnected.WaitAsync(Timeout);
        await DisposeListenerAsync(listener);
        Assert.Equal(1, peer.DisconnectCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClientDisconnects_OnDisconnectedOnceAndTryWriteReturnsClosed(bool abort)
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        if (abort)
        {
            client.Abort();
        }
        else
        {
            client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        }

        await peer.Disconnected.WaitAsync(Timeout);
        Assert.True(SpinWait.SpinUntil(() => peer.Connection.TryWrite("late"u8) == WriteResult.Closed, TestTimeout));
        await DisposeListenerAsync(listener);
        Assert.Equal(1, peer.DisconnectCount);
        Assert.Equal(0, peer.MessagesAfterDisconnect);
        Assert.Equal(WriteResult.Closed, peer.Connection.TryWrite("later"u8));
    }

    [Fact]
    public async Task ClientDisconnects_WhileRouterWrites_TryWriteNeverThrows()
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        Task writing = Task.Run(() =>
        {
            while (peer.Connection.TryWrite(Numbered(0, 1000)) != WriteResult.Closed)
            {
                Timeout.ThrowIfCancellationRequested();
            }
        });
        client.Abort();

        await writing.WaitAsync(Timeout);
        await peer.Disconnected.WaitAsync(Timeout);
        await DisposeListenerAsync(listener);
        Assert.Equal(1, peer.DisconnectCount);
    }

    // ---- The listener ----

    [Fact]
    public async Task DisposeAsync_OpenConnections_SendsQueuedMessagesClosesAllAndReturns()
    {
        RawSocketListener listener = StartListener();
        (RawSocketTestClient first, RecordingPeer firstPeer) = await OpenAsync(listener);
        (RawSocketTestClient second, RecordingPeer secondPeer) = await OpenAsync(listener);
        RawSocketTestClient inHandshake = await ConnectAsync(listener);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(WriteResult.Written, firstPeer.Connection.TryWrite(Numbered(i, 100)));
        }

        await DisposeListenerAsync(listener);

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(Numbered(i, 100), (await first.ReceiveFrameAsync(Timeout)).Payload);
        }

        Assert.Empty(await first.ReceiveUntilClosedAsync(Timeout));
        Assert.Empty(await second.ReceiveUntilClosedAsync(Timeout));
        Assert.Empty(await inHandshake.ReceiveUntilClosedAsync(Timeout));
        Assert.Equal(1, firstPeer.DisconnectCount);
        Assert.Equal(1, secondPeer.DisconnectCount);
        Assert.Equal(0, listener.ConnectionCount);
        Assert.False(Peers.TryNextPeer(out _));
    }

    [Fact]
    public async Task DisposeAsync_ClientNeverReadsAndOutboxFull_StillReturns()
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, MaxOutboxBytes = 64 * 1024 });
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);
        await Task.Run(() => FillOutbox(peer.Connection, Timeout)).WaitAsync(Timeout);

        _listeners.Remove(listener);
        Task disposing = listener.DisposeAsync().AsTask();
        try
        {
            await disposing.WaitAsync(TimeSpan.FromSeconds(5));
            await peer.Disconnected.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail("DisposeAsync did not return within 5 s while a client was not reading and its outbox was full.");
        }
        finally
        {
            // Unblocks a stuck send loop so the listener can finish and the rest of the suite is not affected.
            client.Abort();
            await disposing.WaitAsync(TestTimeout);
        }
    }

    [Fact]
    public async Task DisposeAsync_CalledTwice_DoesNotThrow()
    {
        RawSocketListener listener = StartListener();
        _listeners.Remove(listener);

        await listener.DisposeAsync();
        Exception? second = await Record.ExceptionAsync(async () => await listener.DisposeAsync());

        Assert.Null(second);
    }

    [Fact]
    public async Task Start_AddressHasALiveListener_ThrowsAndLeavesTheLiveListenerServing()
    {
        RawSocketListener live = StartListener();
        var second = new RawSocketListener(new RawSocketListenerOptions { EndPoint = live.LocalEndPoint! }, Peers, Log);

        Exception? bindError = Record.Exception(second.Start);

        // A host disposes a listener it failed to start; that must not disturb the one that owns the address.
        await second.DisposeAsync().AsTask().WaitAsync(Timeout);
        Assert.True(bindError is not null, $"A second listener bound {live.LocalEndPoint} while the first was listening on it.");
        (_, RecordingPeer peer) = await OpenAsync(live);
        Assert.Equal(WampSerializer.Cbor, peer.Connection.Serializer);
    }
}
