using Xunit;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Tests;

/// <summary>
/// The performance contract of DESIGN.md: steady-state routing allocates nothing on the managed heap.
/// </summary>
/// <remarks>
/// How it measures: the router is synchronous (dispatch runs on the caller's thread under the realm lock), so
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> read before and after a loop of dispatches counts every byte
/// the routing path allocates. The connections copy into fixed buffers, so they allocate nothing themselves.
/// A warm-up first lets dictionaries, pools and buffers reach their steady size.
/// </remarks>
public sealed class RoutingAllocationTests : IDisposable
{
    private const int Warmup = 1_000;
    private const int Measured = 10_000;

    private readonly WampRouter _router = new([new RealmOptions
    {
        Name = "realm1",
        Roles = [new Role("anonymous", [new PermissionRule("", UriMatch.Prefix, WampAction.Call | WampAction.Register | WampAction.Publish | WampAction.Subscribe)])],
        AnonymousRole = "anonymous",
    }]);

    private readonly OutputBuffer _request = new();

    [Theory]
    [InlineData(WampSerializer.Cbor)]
    [InlineData(WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Json)]
    public void Publish_ToSeveralSubscribers_AllocatesNothingPerEvent(WampSerializer serializer)
    {
        (WampSession publisher, _) = Join(serializer);
        var subscribers = new FixedBufferConnection[3];
        for (int i = 0; i < subscribers.Length; i++)
        {
            (WampSession subscriber, subscribers[i]) = Join(serializer);
            subscriber.Receive(Encode(serializer, new RequestMessage { Type = WampMessageType.Subscribe, RequestId = 1, Uri = "sensors.env.temperature"u8 }));
        }

        byte[] publish = EncodePublish(serializer);
        for (int i = 0; i < Warmup; i++)
        {
            publisher.Receive(publish);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Measured; i++)
        {
            publisher.Receive(publish);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        foreach (FixedBufferConnection subscriber in subscribers)
        {
            Assert.Equal(Warmup + Measured, subscriber.MessagesOfType(WampMessageType.Event));
        }
    }

    [Theory]
    [InlineData(WampSerializer.Cbor)]
    [InlineData(WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Json)]
    public void CallAndYield_RoundTrip_AllocatesNothingPerCall(WampSerializer serializer)
    {
        (WampSession caller, FixedBufferConnection callerConnection) = Join(serializer);
        (WampSession callee, FixedBufferConnection calleeConnection) = Join(serializer);
        callee.Receive(Encode(serializer, new RequestMessage { Type = WampMessageType.Register, RequestId = 1, Uri = "gpio.led.write"u8 }));
        byte[] call = EncodeCall(serializer);
        var yieldBuffer = new OutputBuffer();

        for (int i = 0; i < Warmup; i++)
        {
            RoundTrip(caller, call, callee, calleeConnection, yieldBuffer, serializer);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Measured; i++)
        {
            RoundTrip(caller, call, callee, calleeConnection, yieldBuffer, serializer);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(Warmup + Measured, callerConnection.MessagesOfType(WampMessageType.Result));
        yieldBuffer.Dispose();
    }

    /// <summary>CALL → INVOCATION → YIELD (echoing the invocation's payload) → RESULT.</summary>
    private static void RoundTrip(WampSession caller, byte[] call, WampSession callee, FixedBufferConnection calleeConnection, OutputBuffer yieldBuffer, WampSerializer serializer)
    {
        caller.Receive(call);
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus status = WampHeaderDecoder.TryDecode(serializer, calleeConnection.LastMessage, scratch, out MessageHeader invocation);
        if (status != DecodeStatus.Ok || invocation.Type != WampMessageType.Invocation)
        {
            throw new InvalidOperationException($"expected INVOCATION, got {invocation.Type} ({status})");
        }

        yieldBuffer.Clear();
        WampEncoder.Encode(yieldBuffer, serializer, new RequestMessage { Type = WampMessageType.Yield, RequestId = invocation.FirstId, Payload = invocation.EncodedPayload });
        callee.Receive(yieldBuffer.WrittenSpan);
    }

    private (WampSession Session, FixedBufferConnection Connection) Join(WampSerializer serializer)
    {
        var connection = new FixedBufferConnection(serializer);
        WampSession session = _router.OpenSession(connection, AuthMethods.Anonymous);
        var roles = new OutputBuffer();
        var writer = new Protocol.Serialization.Cbor.CborWriter(roles);
        writer.WriteStartMap(1);
        writer.WritePropertyName("roles"u8);
        writer.WriteStartMap(0);
        session.Receive(Encode(serializer, new HelloMessage { Realm = "realm1"u8, Details = new EncodedMap(WampSerializer.Cbor, roles.WrittenSpan) }));
        roles.Dispose();
        Assert.Equal(SessionState.Established, session.State);
        return (session, connection);
    }

    private byte[] EncodePublish(WampSerializer serializer)
    {
        byte[] payload = EncodeCborPayload();
        return Encode(serializer, new RequestMessage
        {
            Type = WampMessageType.Publish,
            RequestId = 7,
            Uri = "sensors.env.temperature"u8,
            Payload = new EncodedPayload(WampSerializer.Cbor, payload, 2),
        });
    }

    private byte[] EncodeCall(WampSerializer serializer)
    {
        byte[] payload = EncodeCborPayload();
        return Encode(serializer, new RequestMessage
        {
            Type = WampMessageType.Call,
            RequestId = 9,
            Uri = "gpio.led.write"u8,
            Payload = new EncodedPayload(WampSerializer.Cbor, payload, 2),
        });
    }

    /// <summary>Args [21.5, "°C"] and kwargs {"ts": 1700000000000}: a realistic sensor reading.</summary>
    private static byte[] EncodeCborPayload()
    {
        using var buffer = new OutputBuffer();
        var writer = new Protocol.Serialization.Cbor.CborWriter(buffer);
        writer.WriteStartArray(2);
        writer.WriteDouble(21.5);
        writer.WriteString("°C"u8);
        writer.WriteStartMap(1);
        writer.WritePropertyName("ts"u8);
        writer.WriteUInt64(1_700_000_000_000);
        return buffer.WrittenSpan.ToArray();
    }

    private byte[] Encode<TMessage>(WampSerializer serializer, in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        _request.Clear();
        WampEncoder.Encode(_request, serializer, message);
        return _request.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        _router.Dispose();
        _request.Dispose();
    }

    /// <summary>Keeps the last message in a fixed buffer and counts messages by type: writing allocates nothing.</summary>
    private sealed class FixedBufferConnection : IWampConnection
    {
        private readonly byte[] _last = new byte[64 * 1024];
        private readonly int[] _countsByType = new int[256];
        private int _lastLength;

        public FixedBufferConnection(WampSerializer serializer)
        {
            Serializer = serializer;
        }

        public WampSerializer Serializer { get; }

        public string Description => "in-memory";

        public ReadOnlySpan<byte> LastMessage => _last.AsSpan(0, _lastLength);

        public int MessagesOfType(WampMessageType type) => _countsByType[(int)type];

        public WriteResult TryWrite(ReadOnlySpan<byte> message)
        {
            message.CopyTo(_last);
            _lastLength = message.Length;
            Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
            if (WampHeaderDecoder.TryDecode(Serializer, message, scratch, out MessageHeader header) == DecodeStatus.Ok)
            {
                _countsByType[(int)header.Type]++;
            }

            return WriteResult.Written;
        }

        public void Close()
        {
        }
    }
}
