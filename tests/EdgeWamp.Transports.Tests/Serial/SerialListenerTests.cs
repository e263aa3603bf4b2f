using System.Diagnostics;
using System.Text;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.Serial;
using EdgeWamp.Transports.Tests.Serial.TestSupport;
using EdgeWamp.Transports.Tests.TestSupport;

namespace EdgeWamp.Transports.Tests.Serial;

/// <summary>
/// The serial WAMP link on real pseudo-terminals: a test-side microcontroller on the master side, the router's
/// <see cref="SerialListener"/> on the slave side through a symlink, and a recording peer in place of the router.
/// </summary>
public sealed class SerialListenerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("edgewamp-serial-").FullName;
    private readonly RecordingPeerFactory _peers = new();
    private readonly TestLogger _logger = new();
    private readonly List<IAsyncDisposable> _listeners = [];
    private readonly List<Microcontroller> _devices = [];

    private string DevicePath => Path.Combine(_directory, "ttyDEVICE");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (IAsyncDisposable listener in _listeners)
        {
            await listener.DisposeAsync();
        }

        foreach (Microcontroller device in _devices)
        {
            device.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
        _logger.AssertNoErrors();
    }

    [Theory]
    [InlineData(SerialFraming.RawSocket)]
    [InlineData(SerialFraming.Cobs)]
    public async Task Handshake_OpensOneSession_MessagesFlowBothWays(SerialFraming framing)
    {
        Microcontroller device = Device(framing);
        SerialListener listener = Start(framing);

        byte[] reply = device.Connect(WampSerializer.Json, Timeout);
        Assert.Equal(RawSocketHandshake.Magic, reply[0]);
        Assert.Equal((byte)WampSerializer.Json, (byte)(reply[1] & 0x0F));
        RecordingPeer peer = await NextPeer();
        Assert.Equal(WampSerializer.Json, peer.Connection.Serializer);

        device.Send("[1,\"realm1\",{}]"u8);
        Assert.Equal("[1,\"realm1\",{}]", Encoding.UTF8.GetString(await Receive(peer)));

        Assert.Equal(WriteResult.Written, peer.Connection.TryWrite("[2,1,{}]"u8));
        Assert.Equal("[2,1,{}]", Encoding.UTF8.GetString(device.Receive(Timeout)!));
        Assert.Equal(1, listener.SessionCount);
    }

    [Theory]
    [InlineData(SerialFraming.RawSocket)]
    [InlineData(SerialFraming.Cobs)]
    public async Task NewHandshakeMidSession_EndsTheOldSessionLikeADroppedConnection_AndStartsANewOne(SerialFraming framing)
    {
        Microcontroller device = Device(framing);
        SerialListener listener = Start(framing);
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer first = await NextPeer();
        device.Send("[1,\"realm1\",{}]"u8);
        await Receive(first);

        // The device resets and boots again: it knows nothing of the old session and sends a new handshake.
        device.Connect(WampSerializer.Cbor, Timeout);
        RecordingPeer second = await NextPeer();
        await first.Disconnected.WaitAsync(Timeout);
        Assert.Equal(1, first.DisconnectCount);
        Assert.Equal(WriteResult.Closed, first.Connection.TryWrite("[2]"u8));
        Assert.Equal(WampSerializer.Cbor, second.Connection.Serializer);

        device.Send([0x81, 0x01]);
        Assert.Equal(new byte[] { 0x81, 0x01 }, await Receive(second));
        Assert.Equal(0, first.MessagesAfterDisconnect);
        Assert.Equal(2, listener.SessionCount);
    }

    [Theory]
    [InlineData(SerialFraming.RawSocket)]
    [InlineData(SerialFraming.Cobs)]
    public async Task NoiseBeforeTheHandshake_IsSkipped(SerialFraming framing)
    {
        Microcontroller device = Device(framing);
        SerialListener listener = Start(framing);

        // A bootloader's banner and some line noise (no 0x7F in it) before the firmware starts. (What arrives before
        // the router opens the device is flushed as stale, so the noise is written once it is open.)
        await Until(() => listener.IsOpen, "the listener opens the device");
        device.WriteLine("ets Jun  8 2016 00:22:57\r\nrst:0x1 (POWERON_RESET),boot:0x13\r\n\x01\x02\xFE\xFF"u8);
        device.Connect(WampSerializer.MsgPack, Timeout);
        RecordingPeer peer = await NextPeer();
        device.Send([0x91, 0x01]);
        Assert.Equal(new byte[] { 0x91, 0x01 }, await Receive(peer));
        Assert.True(listener.SkippedBytes >= 40, $"skipped {listener.SkippedBytes}");
    }

    [Fact]
    public async Task Cobs_CorruptedFrames_AreDroppedAlone_AndTheSessionGoesOn()
    {
        Microcontroller device = Device(SerialFraming.Cobs);
        SerialListener listener = Start(SerialFraming.Cobs);
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer peer = await NextPeer();

        byte[] flipped = device.Encode(RawSocketFrameType.Regular, "[16,1,{},\"flipped\"]"u8);
        flipped[5] ^= 0x10;                                    // one bit flipped in the payload: the CRC catches it
        byte[] crcHit = device.Encode(RawSocketFrameType.Regular, "[16,2,{},\"crc\"]"u8);
        crcHit[^2] ^= 0x01;                                    // a bit of the CRC itself
        byte[] cut = device.Encode(RawSocketFrameType.Regular, "[16,3,{},\"cut\"]"u8);
        device.WriteLine(flipped);
        device.WriteLine("\x13\x37 garbage \xFF"u8);           // noise between packets...
        device.WriteLine([0x00]);                              // ...ended by a delimiter
        device.WriteLine(crcHit);
        device.WriteLine(cut.AsSpan(0, cut.Length / 2));       // a packet whose tail was lost...
        device.WriteLine([0x00]);
        device.Send("[16,4,{},\"intact\"]"u8);

        Assert.Equal("[16,4,{},\"intact\"]", Encoding.UTF8.GetString(await Receive(peer)));
        Assert.False(peer.TryReceive(out _));
        Assert.Equal(0, peer.DisconnectCount);
        Assert.True(listener.DroppedFrames >= 4, $"dropped {listener.DroppedFrames}");

        Assert.Equal(WriteResult.Written, peer.Connection.TryWrite("[17,4,5]"u8));
        Assert.Equal("[17,4,5]", Encoding.UTF8.GetString(device.Receive(Timeout)!));
    }

    [Fact]
    public async Task RawSocket_ImpossibleFrameLength_EndsTheSession_AndTheLinkWaitsForTheNextHandshake()
    {
        Microcontroller device = Device(SerialFraming.RawSocket);
        SerialListener listener = Start(SerialFraming.RawSocket, maxMessageSize: 4096);
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer first = await NextPeer();

        // A bit flipped in the length's top octet: 0x00 0x00 0x10 -> 0x00 0x80 0x10 announces 8 MiB.
        byte[] frame = device.Encode(RawSocketFrameType.Regular, "[16,1,{},\"x\"]"u8);
        frame[1] ^= 0x80;
        device.WriteLine(frame);
        await first.Disconnected.WaitAsync(Timeout);
        Assert.False(first.TryReceive(out _));

        // Whatever follows before the next handshake is skipped, then a new session starts.
        device.WriteLine("[16,2,{},\"tail\"]"u8);
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer second = await NextPeer();
        device.Send("[1,\"realm1\",{}]"u8);
        Assert.Equal("[1,\"realm1\",{}]", Encoding.UTF8.GetString(await Receive(second)));
        Assert.Equal(2, listener.SessionCount);
    }

    [Fact]
    public async Task RawSocket_ReservedBitsInAFrameHeader_EndTheSession()
    {
        Microcontroller device = Device(SerialFraming.RawSocket);
        Start(SerialFraming.RawSocket);
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer peer = await NextPeer();

        byte[] frame = device.Encode(RawSocketFrameType.Regular, "[16,1,{},\"x\"]"u8);
        frame[0] ^= 0x08;                                      // a reserved bit of the first header octet
        device.WriteLine(frame);
        await peer.Disconnected.WaitAsync(Timeout);
        Assert.False(peer.TryReceive(out _));
    }

    [Fact]
    public async Task RawSocket_FrameInterruptedByAReset_EndsTheSession_AndTheNextHandshakeIsServed()
    {
        Microcontroller device = Device(SerialFraming.RawSocket);
        Start(SerialFraming.RawSocket, frameGap: TimeSpan.FromMilliseconds(200));
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer first = await NextPeer();

        // Half a frame, then the device resets: its next bytes (after the boot pause) are a handshake.
        byte[] frame = device.Encode(RawSocketFrameType.Regular, "[16,1,{},\"half\"]"u8);
        device.WriteLine(frame.AsSpan(0, 9));
        await first.Disconnected.WaitAsync(Timeout);
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer second = await NextPeer();
        device.Send("[1,\"realm1\",{}]"u8);
        Assert.Equal("[1,\"realm1\",{}]", Encoding.UTF8.GetString(await Receive(second)));
        Assert.False(first.TryReceive(out _));
    }

    [Theory]
    [InlineData(SerialFraming.RawSocket)]
    [InlineData(SerialFraming.Cobs)]
    public async Task UnplugAndReplug_EndsTheSession_ReopensTheDeviceWithinTwoSeconds_AndServesTheNextSession(SerialFraming framing)
    {
        Microcontroller device = Device(framing);
        SerialListener listener = Start(framing);
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer first = await NextPeer();
        Assert.Equal(1, listener.OpenCount);

        device.Unplug();
        await first.Disconnected.WaitAsync(Timeout);
        await Until(() => !listener.IsOpen, "the listener closes the vanished device");

        // Unplugged for a while (the backoff grows to its maximum), then plugged back in.
        await Until(() => _logger.Contains(3012), "the listener notices the device is absent");
        var sincePlugged = Stopwatch.StartNew();
        device.Replug();
        await Until(() => listener.OpenCount == 2, "the listener reopens the device");
        Assert.True(sincePlugged.Elapsed < TimeSpan.FromSeconds(2), $"reopened after {sincePlugged.Elapsed}");

        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer second = await NextPeer();
        device.Send("[1,\"realm1\",{}]"u8);
        Assert.Equal("[1,\"realm1\",{}]", Encoding.UTF8.GetString(await Receive(second)));
        Assert.Equal(1, first.DisconnectCount);
    }

    [Fact]
    public async Task SilentDevice_IsPinged_AndItsSessionEndsWhenNoAnswerComes()
    {
        Microcontroller device = Device(SerialFraming.Cobs);
        device.AnswerPings = false;
        Start(SerialFraming.Cobs, pingInterval: TimeSpan.FromMilliseconds(200), pingTimeout: TimeSpan.FromMilliseconds(300));
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer peer = await NextPeer();

        Assert.NotNull(device.ReceiveFrame(Timeout, RawSocketFrameType.Ping));
        await peer.Disconnected.WaitAsync(Timeout);
    }

    [Fact]
    public async Task LiveDevice_AnswersPings_AndKeepsItsSession()
    {
        Microcontroller device = Device(SerialFraming.RawSocket);
        Start(SerialFraming.RawSocket, pingInterval: TimeSpan.FromMilliseconds(100), pingTimeout: TimeSpan.FromMilliseconds(400));
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer peer = await NextPeer();

        // Several ping intervals pass with the device answering each PING and sending nothing else.
        Assert.Null(device.ReceiveFrame(TimeSpan.FromMilliseconds(1500), RawSocketFrameType.Regular));
        Assert.True(device.PingsAnswered >= 3, $"answered {device.PingsAnswered} pings");
        Assert.Equal(0, peer.DisconnectCount);
        device.Send("[1,\"realm1\",{}]"u8);
        await Receive(peer);
    }

    [Fact]
    public async Task DevicePing_IsAnsweredWithAPongEchoingItsPayload()
    {
        Microcontroller device = Device(SerialFraming.RawSocket);
        Start(SerialFraming.RawSocket);
        device.Connect(WampSerializer.Json, Timeout);
        await NextPeer();

        device.SendFrame(RawSocketFrameType.Ping, "ping-42"u8);
        Assert.Equal("ping-42"u8.ToArray(), device.ReceiveFrame(Timeout, RawSocketFrameType.Pong));
    }

    [Fact]
    public async Task RouterClosesTheSession_AfterSendingWhatWasQueued_AndTheDeviceCanStartAnother()
    {
        Microcontroller device = Device(SerialFraming.Cobs);
        Start(SerialFraming.Cobs);
        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer first = await NextPeer();

        first.Connection.TryWrite("[3,{},\"wamp.error.protocol_violation\"]"u8);
        first.Connection.Close();
        Assert.Equal("[3,{},\"wamp.error.protocol_violation\"]", Encoding.UTF8.GetString(device.Receive(Timeout)!));
        await first.Disconnected.WaitAsync(Timeout);

        device.Connect(WampSerializer.Json, Timeout);
        RecordingPeer second = await NextPeer();
        device.Send("[1,\"realm1\",{}]"u8);
        await Receive(second);
    }

    [Fact]
    public async Task UnsupportedSerializer_IsRefusedInTheHandshake()
    {
        Microcontroller device = Device(SerialFraming.RawSocket);
        Start(SerialFraming.RawSocket, serializers: [WampSerializer.Cbor]);

        byte[] reply = device.Connect(WampSerializer.Json, Timeout);
        Assert.Equal(new byte[] { 0x7F, (byte)HandshakeError.SerializerUnsupported << 4, 0, 0 }, reply);
        Assert.False(_peers.TryNextPeer(out _));
        device.Connect(WampSerializer.Cbor, Timeout);
        await NextPeer();
    }

    [Fact]
    public async Task MissingDevice_IsNotAnError_TheListenerOpensItWhenItAppears()
    {
        SerialListener listener = Start(SerialFraming.RawSocket);
        await Until(() => _logger.Contains(3012), "the listener reports the absent device");
        Assert.False(listener.IsOpen);

        Microcontroller device = Device(SerialFraming.RawSocket);
        device.Connect(WampSerializer.Json, Timeout);
        await NextPeer();
        Assert.True(listener.IsOpen);
    }

    private Microcontroller Device(SerialFraming framing)
    {
        var device = new Microcontroller(DevicePath, framing);
        _devices.Add(device);
        return device;
    }

    private SerialListener Start(
        SerialFraming framing,
        int maxMessageSize = 1 << 16,
        TimeSpan? pingInterval = null,
        TimeSpan? pingTimeout = null,
        TimeSpan? frameGap = null,
        IReadOnlyList<WampSerializer>? serializers = null)
    {
        var options = new SerialListenerOptions
        {
            Port = new SerialPortSettings { Device = DevicePath, Baud = 115200 },
            Framing = framing,
            MaxMessageSize = maxMessageSize,
            PingInterval = pingInterval ?? TimeSpan.Zero,
            PingTimeout = pingTimeout ?? TimeSpan.FromSeconds(10),
            FrameGapTimeout = frameGap ?? TimeSpan.FromSeconds(1),
            Serializers = serializers ?? [WampSerializer.Json, WampSerializer.MsgPack, WampSerializer.Cbor],
        };
        var listener = new SerialListener(options, _peers, _logger);
        _listeners.Add(listener);
        listener.Start();
        return listener;
    }

    private async Task<RecordingPeer> NextPeer()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _peers.NextPeerAsync(timeout.Token);
    }

    private static async Task<byte[]> Receive(RecordingPeer peer)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await peer.ReceiveAsync(timeout.Token);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    private static Task Until(Func<bool> condition, string what)
    {
        Assert.True(SpinWait.SpinUntil(condition, Timeout), $"timed out waiting until {what}");
        return Task.CompletedTask;
    }
}
