using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Tests.TestSupport;

namespace EdgeWamp.Transports.Tests.RawSocket;

/// <summary>The listener limits (docs/limits.md): connections shared between listeners, message rate, message size.</summary>
public abstract partial class TransportConformanceTests
{
    [Fact]
    public async Task Handshake_SharedConnectionLimitFullOnAnotherListener_RepliesError4ThenAcceptsOnceFree()
    {
        var limit = new ConnectionLimit(1);
        RawSocketListener first = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, ConnectionLimit = limit });
        RawSocketListener second = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, ConnectionLimit = limit });
        (RawSocketTestClient holder, RecordingPeer holderPeer) = await OpenAsync(first);

        RawSocketTestClient refused = await ConnectAsync(second);
        byte[] reply = await refused.HandshakeAsync(15, (byte)WampSerializer.Cbor, Timeout);

        // WAMP spec, RawSocket "Handshake": error 4 = "maximum connection count reached", in the high nibble of octet 2.
        Assert.Equal([0x7F, 0x40, 0x00, 0x00], reply);
        Assert.Empty(await refused.ReceiveUntilClosedAsync(Timeout));
        Assert.Contains(Log.Messages(), message => message.Contains("maximum connection count reached", StringComparison.Ordinal));
        Assert.Equal(1, limit.Count);

        holder.Dispose();
        await holderPeer.Disconnected.WaitAsync(Timeout);
        Assert.True(SpinWait.SpinUntil(() => limit.Count == 0, TimeSpan.FromSeconds(10)));
        (_, RecordingPeer accepted) = await OpenAsync(second);
        Assert.Equal(WampSerializer.Cbor, accepted.Connection.Serializer);
        Assert.Equal(1, limit.Count);
    }

    [Fact]
    public async Task Handshake_RefusedForAnotherReason_TakesNoPlaceInTheLimit()
    {
        var limit = new ConnectionLimit(1);
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, ConnectionLimit = limit, Serializers = [WampSerializer.Json] });
        RawSocketTestClient wrongSerializer = await ConnectAsync(listener);
        Assert.Equal([0x7F, 0x10, 0x00, 0x00], await wrongSerializer.HandshakeAsync(15, (byte)WampSerializer.Cbor, Timeout));
        Assert.Empty(await wrongSerializer.ReceiveUntilClosedAsync(Timeout));

        (_, RecordingPeer peer) = await OpenAsync(listener, serializer: WampSerializer.Json);

        Assert.Equal(WampSerializer.Json, peer.Connection.Serializer);
        Assert.Equal(1, limit.Count);
    }

    [Fact]
    public async Task RateLimit_BurstUsedUp_StopsReadingUntilATokenIsDueThenDeliversEverythingInOrder()
    {
        var clock = new SteppedClock();
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions
        {
            EndPoint = ep,
            RateLimit = new MessageRateLimit { MessagesPerSecond = 2, Burst = 3 },
            Time = clock,
        });
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        byte[] frames = [.. Enumerable.Range(1, 6).SelectMany(i => RawSocketTestClient.Frame(RawSocketFrameType.Regular, [(byte)i]))];
        await client.SendAsync(frames, Timeout);

        // The burst passes at once; then the read loop waits on the clock (a timer is armed) with three frames held back.
        for (byte i = 1; i <= 3; i++)
        {
            Assert.Equal([i], await peer.ReceiveAsync(Timeout));
        }

        Assert.True(SpinWait.SpinUntil(() => clock.ArmedTimers == 1, TimeSpan.FromSeconds(10)));
        Assert.False(peer.TryReceive(out _));

        // 2 per second: half a second gives one token, one more second two more.
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal([4], await peer.ReceiveAsync(Timeout));
        Assert.True(SpinWait.SpinUntil(() => clock.ArmedTimers == 1, TimeSpan.FromSeconds(10)));
        Assert.False(peer.TryReceive(out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([5], await peer.ReceiveAsync(Timeout));
        Assert.Equal([6], await peer.ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task RateLimit_PingsAreNotCounted()
    {
        var clock = new SteppedClock();
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions
        {
            EndPoint = ep,
            RateLimit = new MessageRateLimit { MessagesPerSecond = 1, Burst = 1 },
            Time = clock,
        });
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        await client.SendFrameAsync(RawSocketFrameType.Ping, [1], Timeout);
        await client.SendFrameAsync(RawSocketFrameType.Ping, [2], Timeout);
        await client.SendFrameAsync(RawSocketFrameType.Regular, [3], Timeout);

        Assert.Equal(RawSocketFrameType.Pong, (await client.ReceiveFrameAsync(Timeout)).Type);
        Assert.Equal(RawSocketFrameType.Pong, (await client.ReceiveFrameAsync(Timeout)).Type);
        Assert.Equal([3], await peer.ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task Receive_FrameLongerThanMaximum_LogsOneClearLine()
    {
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, MaxMessageSize = 1024 });
        (RawSocketTestClient client, RecordingPeer peer) = await OpenAsync(listener);

        // Only the header: the router closes before the body, and a body it never reads could reset the connection.
        await client.SendAsync(RawSocketTestClient.Frame(RawSocketFrameType.Regular, new byte[1025]).AsMemory(0, 4), Timeout);

        Assert.Empty(await client.ReceiveUntilClosedAsync(Timeout));
        await peer.Disconnected.WaitAsync(Timeout);
        Assert.Single(Log.Messages(), message => message.Contains("frame of 1025 bytes exceeds the maximum of 1024", StringComparison.Ordinal));
    }
}
