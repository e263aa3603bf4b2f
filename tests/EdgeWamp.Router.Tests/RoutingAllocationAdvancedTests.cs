using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests;

/// <summary>
/// The zero-allocation contract (docs/architecture.md, "Zero allocation") for Advanced Profile routing: pattern-based
/// subscriptions whose events carry Details.topic, cross-serializer fan-out, and calls through a prefix registration
/// with caller identification and progressive results.
/// </summary>
/// <remarks>
/// Measured as <see cref="RoutingAllocationTests"/> does: routing is synchronous, so
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> read around a loop of dispatches counts every byte routing
/// allocates; the connections copy into fixed buffers and allocate nothing; a warm-up lets pools and dictionaries settle.
/// </remarks>
public sealed class RoutingAllocationAdvancedTests : IDisposable
{
    private const int Warmup = 1_000;
    private const int Measured = 10_000;
    private const string Topic = "sensors.env.temperature";

    private readonly WampRouter _router = new([TestRouter.AllowAllRealm(TestRouter.RealmName)]);
    private readonly OutputBuffer _scratch = new();

    public void Dispose()
    {
        _router.Dispose();
        _scratch.Dispose();
    }

    /// <summary>(a) One PUBLISH matching a prefix and a wildcard subscription: every EVENT carries Details.topic.</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_ToPrefixAndWildcardSubscriptions_AllocatesNothingPerEvent(WampSerializer serializer)
    {
        (WampSession publisher, _) = Join(serializer, TestClient.DefaultHelloDetails());
        (WampSession prefixOnly, FixedBufferConnection prefixConnection) = Join(serializer, TestClient.DefaultHelloDetails());
        (WampSession wildcardOnly, FixedBufferConnection wildcardConnection) = Join(WampSerializer.Cbor, TestClient.DefaultHelloDetails());
        (WampSession both, FixedBufferConnection bothConnection) = Join(serializer, TestClient.DefaultHelloDetails());
        Subscribe(prefixOnly, "sensors.env", "prefix");
        Subscribe(wildcardOnly, "sensors..temperature", "wildcard");
        Subscribe(both, "sensors", "prefix");
        Subscribe(both, ".env.", "wildcard");
        byte[] publish = Encode(serializer, new RequestMessage
        {
            Type = WampMessageType.Publish,
            RequestId = 7,
            Uri = "sensors.env.temperature"u8,
            Payload = SensorPayload(serializer),
        });

        long allocated = Measure(() => publisher.Receive(publish));

        Assert.Equal(0, allocated);
        Assert.Equal(Warmup + Measured, prefixConnection.MessagesOfType(WampMessageType.Event));
        Assert.Equal(Warmup + Measured, wildcardConnection.MessagesOfType(WampMessageType.Event));
        Assert.Equal(2 * (Warmup + Measured), bothConnection.MessagesOfType(WampMessageType.Event));
        foreach (FixedBufferConnection connection in (FixedBufferConnection[])[prefixConnection, wildcardConnection, bothConnection])
        {
            ReceivedMessage @event = connection.Last();
            Assert.Equal(Topic, @event.DetailsMap["topic"]);
            WampValue.AssertEqual(SensorItems, @event.PayloadItems);
        }
    }

    /// <summary>(b) A JSON publisher, CBOR and MessagePack subscribers: transcoding the event allocates nothing.</summary>
    [Fact]
    public void Publish_JsonPublisherToCborAndMsgPackSubscribers_TranscodingAllocatesNothing()
    {
        (WampSession publisher, _) = Join(WampSerializer.Json, TestClient.DefaultHelloDetails());
        (WampSession cbor, FixedBufferConnection cborConnection) = Join(WampSerializer.Cbor, TestClient.DefaultHelloDetails());
        (WampSession msgPack, FixedBufferConnection msgPackConnection) = Join(WampSerializer.MsgPack, TestClient.DefaultHelloDetails());
        Subscribe(cbor, Topic, "exact");
        Subscribe(msgPack, Topic, "exact");
        byte[] publish = Encode(WampSerializer.Json, new RequestMessage
        {
            Type = WampMessageType.Publish,
            RequestId = 7,
            Uri = "sensors.env.temperature"u8,
            Payload = SensorPayload(WampSerializer.Json),
        });

        long allocated = Measure(() => publisher.Receive(publish));

        Assert.Equal(0, allocated);
        foreach (FixedBufferConnection connection in (FixedBufferConnection[])[cborConnection, msgPackConnection])
        {
            Assert.Equal(Warmup + Measured, connection.MessagesOfType(WampMessageType.Event));
            WampValue.AssertEqual(SensorItems, connection.Last().PayloadItems);
        }
    }

    /// <summary>
    /// One PUBLISH with disclose_me and black- and whitelists (exclude, eligible_authrole, exclude_authid) to a wildcard
    /// subscription: the lists are scanned where they lie in the PUBLISH, and the EVENT names the publisher.
    /// </summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_WithDiscloseMeAndEligibilityLists_AllocatesNothingPerEvent(WampSerializer serializer)
    {
        (WampSession publisher, _) = Join(serializer, TestClient.DefaultHelloDetails());
        (WampSession admitted, FixedBufferConnection admittedConnection) = Join(serializer, TestClient.DefaultHelloDetails());
        (WampSession excluded, FixedBufferConnection excludedConnection) = Join(WampSerializer.Json, TestClient.DefaultHelloDetails());
        Subscribe(admitted, "sensors..temperature", "wildcard");
        Subscribe(excluded, "sensors..temperature", "wildcard");
        var options = WampValue.Map(
            ("disclose_me", true),
            ("exclude", new object?[] { 1UL << 52, excluded.Id }),
            ("eligible_authrole", new object?[] { "operator", "anonymous" }),
            ("exclude_authid", new object?[] { "nobody" }));
        byte[] publish = Encode(serializer, new RequestMessage
        {
            Type = WampMessageType.Publish,
            RequestId = 7,
            Options = new EncodedMap(serializer, WampValue.Encode(serializer, options)),
            Uri = "sensors.env.temperature"u8,
            Payload = SensorPayload(serializer),
        });

        long allocated = Measure(() => publisher.Receive(publish));

        Assert.Equal(0, allocated);
        Assert.Equal(Warmup + Measured, admittedConnection.MessagesOfType(WampMessageType.Event));
        Assert.Equal(0, excludedConnection.MessagesOfType(WampMessageType.Event));
        WampValue.AssertEqual(
            WampValue.Map(("publisher", publisher.Id), ("publisher_authid", publisher.AuthId), ("publisher_authrole", "anonymous"), ("topic", Topic)),
            admittedConnection.Last().DetailsMap);
    }

    /// <summary>(c) CALL through a prefix registration with disclose_me and receive_progress, a progressive YIELD, a final YIELD.</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void CallAndYield_PrefixRegistrationWithDiscloseMeAndProgress_AllocatesNothingPerCall(WampSerializer serializer)
    {
        (WampSession caller, FixedBufferConnection callerConnection) = Join(serializer, TestClient.DefaultHelloDetails());
        (WampSession callee, FixedBufferConnection calleeConnection) = Join(serializer, AdvancedClient.CalleeAnnouncing("progressive_call_results"));
        callee.Receive(Encode(serializer, new RequestMessage
        {
            Type = WampMessageType.Register,
            RequestId = 1,
            Options = new EncodedMap(serializer, WampValue.Encode(serializer, WampValue.Map(("match", "prefix")))),
            Uri = "gpio.led"u8,
        }));
        Assert.Equal(WampMessageType.Registered, calleeConnection.Last().Type);
        byte[] call = Encode(serializer, new RequestMessage
        {
            Type = WampMessageType.Call,
            RequestId = 9,
            Options = new EncodedMap(serializer, WampValue.Encode(serializer, WampValue.Map(("disclose_me", true), ("receive_progress", true)))),
            Uri = "gpio.led.write"u8,
            Payload = SensorPayload(serializer),
        });
        byte[] progressOptions = WampValue.Encode(serializer, WampValue.Map(("progress", true)));
        byte[] finalOptions = WampValue.Encode(serializer, WampValue.Map());
        using var yieldBuffer = new OutputBuffer();

        void RoundTrip()
        {
            caller.Receive(call);
            ulong invocationId = InvocationId(serializer, calleeConnection.LastMessage);
            Answer(callee, serializer, yieldBuffer, invocationId, progressOptions);
            Answer(callee, serializer, yieldBuffer, invocationId, finalOptions);
        }

        long allocated = Measure(RoundTrip);

        Assert.Equal(0, allocated);
        Assert.Equal(Warmup + Measured, calleeConnection.MessagesOfType(WampMessageType.Invocation));
        Assert.Equal(2 * (Warmup + Measured), callerConnection.MessagesOfType(WampMessageType.Result));
        Assert.Equal(0, callerConnection.MessagesOfType(WampMessageType.Error));
        ReceivedMessage invocation = calleeConnection.LastOfType(WampMessageType.Invocation);
        WampValue.AssertEqual(
            WampValue.Map(("caller", caller.Id), ("caller_authid", caller.AuthId), ("caller_authrole", "anonymous"), ("receive_progress", true), ("procedure", "gpio.led.write")),
            invocation.DetailsMap);
        WampValue.AssertEqual(SensorItems, callerConnection.Last().PayloadItems);
    }

    /// <summary>[21.5, "°C", "a \"quoted\"\nline"] and {"ts": 1700000000000}: a sensor reading with a string JSON must escape.</summary>
    private static object?[] SensorItems => [new object?[] { 21.5, "°C", "a \"quoted\"\nline" }, WampValue.Map(("ts", 1_700_000_000_000))];

    private static EncodedPayload SensorPayload(WampSerializer serializer) =>
        new(serializer, WampValue.EncodeItems(serializer, SensorItems), 2);

    private static ulong InvocationId(WampSerializer serializer, ReadOnlySpan<byte> message)
    {
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus status = WampHeaderDecoder.TryDecode(serializer, message, scratch, out MessageHeader invocation);
        if (status != DecodeStatus.Ok || invocation.Type != WampMessageType.Invocation)
        {
            throw new InvalidOperationException($"expected INVOCATION, got {invocation.Type} ({status})");
        }

        return invocation.FirstId;
    }

    /// <summary>YIELD with the given options, echoing the INVOCATION's payload the callee just got.</summary>
    private static void Answer(WampSession callee, WampSerializer serializer, OutputBuffer buffer, ulong invocationId, byte[] options)
    {
        FixedBufferConnection connection = (FixedBufferConnection)callee.Connection;
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        WampHeaderDecoder.TryDecode(serializer, connection.LastOfTypeBytes(WampMessageType.Invocation), scratch, out MessageHeader invocation);
        buffer.Clear();
        WampEncoder.Encode(buffer, serializer, new RequestMessage
        {
            Type = WampMessageType.Yield,
            RequestId = invocationId,
            Options = new EncodedMap(serializer, options),
            Payload = invocation.EncodedPayload,
        });
        callee.Receive(buffer.WrittenSpan);
    }

    /// <summary>Runs <paramref name="route"/> <see cref="Warmup"/> times, then returns the bytes <see cref="Measured"/> more runs allocate.</summary>
    private static long Measure(Action route)
    {
        for (int i = 0; i < Warmup; i++)
        {
            route();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Measured; i++)
        {
            route();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private (WampSession Session, FixedBufferConnection Connection) Join(WampSerializer serializer, Dictionary<string, object?> helloDetails)
    {
        var connection = new FixedBufferConnection(serializer);
        WampSession session = _router.OpenSession(connection, AuthMethods.Anonymous);
        session.Receive(Encode(serializer, new HelloMessage
        {
            Realm = "realm1"u8,
            Details = new EncodedMap(serializer, WampValue.Encode(serializer, helloDetails)),
        }));
        Assert.Equal(SessionState.Established, session.State);
        return (session, connection);
    }

    private void Subscribe(WampSession session, string topic, string match)
    {
        session.Receive(Encode(session.Serializer, new RequestMessage
        {
            Type = WampMessageType.Subscribe,
            RequestId = 1,
            Options = new EncodedMap(session.Serializer, WampValue.Encode(session.Serializer, WampValue.Map(("match", match)))),
            Uri = System.Text.Encoding.UTF8.GetBytes(topic),
        }));
        Assert.Equal(WampMessageType.Subscribed, ((FixedBufferConnection)session.Connection).Last().Type);
    }

    private byte[] Encode<TMessage>(WampSerializer serializer, in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        _scratch.Clear();
        WampEncoder.Encode(_scratch, serializer, message);
        return _scratch.WrittenSpan.ToArray();
    }

    /// <summary>Keeps the last message, and the last of each type, in fixed buffers, and counts messages by type: writing allocates nothing.</summary>
    private sealed class FixedBufferConnection : IWampConnection
    {
        private const int BufferLength = 16 * 1024;

        private readonly byte[] _last = new byte[BufferLength];
        private readonly byte[][] _lastByType = new byte[256][];
        private readonly int[] _lastLengthByType = new int[256];
        private readonly int[] _countsByType = new int[256];
        private int _lastLength;

        public FixedBufferConnection(WampSerializer serializer)
        {
            Serializer = serializer;
            foreach (WampMessageType type in (WampMessageType[])[WampMessageType.Event, WampMessageType.Invocation, WampMessageType.Result, WampMessageType.Error])
            {
                _lastByType[(int)type] = new byte[BufferLength];
            }
        }

        public WampSerializer Serializer { get; }

        public string Description => "in-memory, fixed buffers";

        public ReadOnlySpan<byte> LastMessage => _last.AsSpan(0, _lastLength);

        public int MessagesOfType(WampMessageType type) => _countsByType[(int)type];

        public ReadOnlySpan<byte> LastOfTypeBytes(WampMessageType type) => _lastByType[(int)type].AsSpan(0, _lastLengthByType[(int)type]);

        /// <summary>The last message, decoded (allocates: for checks after measuring).</summary>
        public ReceivedMessage Last() => ReceivedMessage.Decode(Serializer, LastMessage.ToArray());

        public ReceivedMessage LastOfType(WampMessageType type) => ReceivedMessage.Decode(Serializer, LastOfTypeBytes(type).ToArray());

        public WriteResult TryWrite(ReadOnlySpan<byte> message)
        {
            message.CopyTo(_last);
            _lastLength = message.Length;
            Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
            if (WampHeaderDecoder.TryDecode(Serializer, message, scratch, out MessageHeader header) == DecodeStatus.Ok)
            {
                int type = (int)header.Type;
                _countsByType[type]++;
                if (_lastByType[type] is { } buffer)
                {
                    message.CopyTo(buffer);
                    _lastLengthByType[type] = message.Length;
                }
            }

            return WriteResult.Written;
        }

        public void Close()
        {
        }
    }
}
