using System.Text;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Sessions;

/// <summary>The session lifecycle (WAMP spec, "Session Lifecycle"): protocol violations, GOODBYE, ABORT and disconnects.</summary>
public sealed class WampSessionTests : IDisposable
{
    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    /// <summary>Messages only a router sends, as a client would (wrongly) send them, by name.</summary>
    public static TheoryData<WampSerializer, string> RouterToClientMessages
    {
        get
        {
            var data = new TheoryData<WampSerializer, string>();
            foreach (WampSerializer serializer in Serializers.Each)
            {
                foreach (string name in RouterMessages.Keys)
                {
                    data.Add(serializer, name);
                }
            }

            return data;
        }
    }

    private static Dictionary<string, object?[]> RouterMessages { get; } = new()
    {
        ["WELCOME"] = [2, 12345, WampValue.Map(("roles", WampValue.Map()))],
        ["CHALLENGE"] = [4, "ticket", WampValue.Map()],
        ["PUBLISHED"] = [17, 1, 2],
        ["SUBSCRIBED"] = [33, 1, 2],
        ["UNSUBSCRIBED"] = [35, 1],
        ["EVENT"] = [36, 1, 2, WampValue.Map(), new object?[] { 1 }],
        ["RESULT"] = [50, 1, WampValue.Map(), new object?[] { 1 }],
        ["REGISTERED"] = [65, 1, 2],
        ["UNREGISTERED"] = [67, 1],
        ["INVOCATION"] = [68, 1, 2, WampValue.Map()],
        ["INTERRUPT"] = [69, 1, WampValue.Map()],
    };

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_SubscribeBeforeHello_AbortsWithProtocolViolation(WampSerializer serializer)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient offender = _router.Connect(serializer);

        offender.Subscribe(1, "com.example.topic");

        WampAssert.AbortedAndClosed(offender, "wamp.error.protocol_violation");
        RoutingProbe.AssertRoutes(a, b);
    }

    [Theory]
    [MemberData(nameof(RouterToClientMessages))]
    public void Receive_RouterMessageBeforeHello_AbortsWithProtocolViolation(WampSerializer serializer, string message)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient offender = _router.Connect(serializer);

        offender.SendValue(RouterMessages[message]);

        WampAssert.AbortedAndClosed(offender, "wamp.error.protocol_violation");
        RoutingProbe.AssertRoutes(a, b);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_SecondHelloWhileEstablished_AbortsWithProtocolViolationAndLeaves(WampSerializer serializer)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient offender = _router.Join(serializer);
        offender.SubscribeOk(1, "com.example.topic");
        offender.RegisterOk(2, "com.example.procedure");

        offender.Hello(TestRouter.RealmName);

        WampAssert.AbortedAndClosed(offender, "wamp.error.protocol_violation");
        Assert.Equal(2, _router.Router.SessionCount);
        a.Publish(3, "com.example.topic", WampValue.Map(("acknowledge", true)));
        Assert.Equal(WampMessageType.Published, a.Single().Type);
        Assert.Equal(0, offender.Connection.RefusedCount);
        a.Call(4, "com.example.procedure");
        WampAssert.RequestRefused(a.Single(), WampMessageType.Call, 4, "wamp.error.no_such_procedure");
        RoutingProbe.AssertRoutes(a, b);
    }

    [Theory]
    [MemberData(nameof(RouterToClientMessages))]
    public void Receive_RouterMessageWhileEstablished_AbortsWithProtocolViolation(WampSerializer serializer, string message)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient offender = _router.Join(serializer);

        offender.SendValue(RouterMessages[message]);

        WampAssert.AbortedAndClosed(offender, "wamp.error.protocol_violation");
        Assert.Equal(2, _router.Router.SessionCount);
        RoutingProbe.AssertRoutes(a, b);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_UnknownMessageType_AbortsWithProtocolViolation(WampSerializer serializer)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient offender = _router.Join(serializer);

        offender.SendValue(new object?[] { 99, 1, WampValue.Map() });

        WampAssert.AbortedAndClosed(offender, "wamp.error.protocol_violation");
        RoutingProbe.AssertRoutes(a, b);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_UnknownMessageTypeBeforeHello_AbortsWithProtocolViolation(WampSerializer serializer)
    {
        TestClient offender = _router.Connect(serializer);

        offender.SendValue(new object?[] { 7, "realm1", WampValue.Map() });

        WampAssert.AbortedAndClosed(offender, "wamp.error.protocol_violation");
    }

    /// <summary>Truncated or invalid encodings, per serializer (hex).</summary>
    [Theory]
    [InlineData(WampSerializer.Json, "5B312C227265616C6D31222C7B")] // [1,"realm1",{   (unterminated)
    [InlineData(WampSerializer.Json, "5B31322C")] // [12,
    [InlineData(WampSerializer.Json, "7B7D")] // {}: not an array
    [InlineData(WampSerializer.Json, "5B22612B5D")] // ["a+]
    [InlineData(WampSerializer.Json, "")]
    [InlineData(WampSerializer.Cbor, "8301667265616C")] // [1, "real  (text string of 6 with 4 bytes)
    [InlineData(WampSerializer.Cbor, "FF")] // a lone "break"
    [InlineData(WampSerializer.Cbor, "83")] // array of 3 with no items
    [InlineData(WampSerializer.Cbor, "")]
    [InlineData(WampSerializer.MsgPack, "9301A67265616C")] // [1, "real  (fixstr of 6 with 4 bytes)
    [InlineData(WampSerializer.MsgPack, "C1")] // never used
    [InlineData(WampSerializer.MsgPack, "93")]
    [InlineData(WampSerializer.MsgPack, "")]
    public void Receive_MalformedBytes_AbortsWithProtocolViolation(WampSerializer serializer, string hex)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient beforeHello = _router.Connect(serializer);
        TestClient established = _router.Join(serializer);
        established.SubscribeOk(1, "com.example.topic");

        beforeHello.SendRaw(Convert.FromHexString(hex));
        established.SendRaw(Convert.FromHexString(hex));

        WampAssert.AbortedAndClosed(beforeHello, "wamp.error.protocol_violation");
        WampAssert.AbortedAndClosed(established, "wamp.error.protocol_violation");
        Assert.Equal(2, _router.Router.SessionCount);
        a.Publish(2, "com.example.topic", WampValue.Map(("acknowledge", true)));
        Assert.Equal(WampMessageType.Published, a.Single().Type);
        Assert.Equal(0, established.Connection.RefusedCount);
        RoutingProbe.AssertRoutes(a, b);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_TrailingBytesAfterMessage_AbortsWithProtocolViolation(WampSerializer serializer)
    {
        TestClient offender = _router.Join(serializer);
        byte[] subscribe = WampValue.Encode(serializer, new object?[] { 32, 1, WampValue.Map(), "com.example.topic" });
        byte[] extra = WampValue.Encode(serializer, 1);

        offender.SendRaw([.. subscribe, .. extra]);

        WampAssert.AbortedAndClosed(offender, "wamp.error.protocol_violation");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_RequestIdAboveTwoToThe53_AbortsWithProtocolViolation(WampSerializer serializer)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient offender = _router.Join(serializer);

        offender.SendValue(new object?[] { 32, (1UL << 53) + 1, WampValue.Map(), "com.example.topic" });

        WampAssert.AbortedAndClosed(offender, "wamp.error.protocol_violation");
        RoutingProbe.AssertRoutes(a, b);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_RequestIdTwoToThe53_IsAccepted(WampSerializer serializer)
    {
        TestClient client = _router.Join(serializer);

        client.Subscribe(1UL << 53, "com.example.topic");

        ReceivedMessage subscribed = client.Single();
        WampAssert.Message(subscribed, 33, 1UL << 53, subscribed.SecondId);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_ErrorForRequestOtherThanInvocation_AbortsWithProtocolViolation(WampSerializer serializer)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient offender = _router.Join(serializer);

        offender.SendValue(new object?[] { 8, 48, 1, WampValue.Map(), "com.example.error" });

        WampAssert.AbortedAndClosed(offender, "wamp.error.protocol_violation");
        RoutingProbe.AssertRoutes(a, b);
    }

    [Fact]
    public void Receive_AfterAbort_IsIgnored()
    {
        TestClient offender = _router.Join(WampSerializer.Json);
        offender.SendRaw("not json"u8);
        offender.TakeAll();

        offender.Hello(TestRouter.RealmName);
        offender.Subscribe(1, "com.example.topic");

        offender.AssertNothingReceived();
        Assert.Equal(1, offender.Connection.CloseCount);
        Assert.Equal(SessionState.Closed, offender.Session.State);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_GoodbyeFromClient_AnswersGoodbyeAndOutAndLeaves(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient client = _router.Join(serializer);
        client.SubscribeOk(1, "com.example.topic");
        client.RegisterOk(2, "com.example.procedure");

        client.Goodbye("wamp.close.close_realm");

        WampAssert.Goodbye(client.Single(), "wamp.close.goodbye_and_out");
        Assert.False(client.Connection.IsClosed);
        Assert.Equal(SessionState.AwaitingHello, client.Session.State);
        Assert.Equal(0UL, client.Session.Id);
        Assert.Equal(1, _router.Router.SessionCount);
        publisher.Publish(3, "com.example.topic", WampValue.Map(("acknowledge", true)), [1]);
        Assert.Equal(WampMessageType.Published, publisher.Single().Type);
        client.AssertNothingReceived();
        publisher.Call(4, "com.example.procedure");
        WampAssert.RequestRefused(publisher.Single(), WampMessageType.Call, 4, "wamp.error.no_such_procedure");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_HelloAfterGoodbye_WelcomesANewSessionOnTheSameConnection(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient client = _router.Connect(serializer);
        ulong firstId = client.Join(TestRouter.RealmName);
        client.SubscribeOk(1, "com.example.old");
        client.Goodbye();
        client.TakeAll();

        client.Hello(TestRouter.RealmName);

        ReceivedMessage welcome = client.Single();
        Assert.Equal(WampMessageType.Welcome, welcome.Type);
        WampAssert.ValidId(welcome.FirstId);
        Assert.NotEqual(firstId, welcome.FirstId);
        Assert.Equal(welcome.FirstId, client.Session.Id);
        Assert.Equal(SessionState.Established, client.Session.State);
        Assert.Equal(2, _router.Router.SessionCount);

        // The new session starts clean: the old subscription is gone, and it routes normally.
        publisher.Publish(2, "com.example.old", arguments: [1]);
        client.AssertNothingReceived();
        RoutingProbe.AssertRoutes(publisher, client);
    }

    [Fact]
    public void Receive_HelloAfterGoodbye_MayJoinAnotherRealm()
    {
        using var router = new TestRouter(TestRouter.AllowAllRealm("realm1"), TestRouter.AllowAllRealm("realm2"));
        TestClient client = router.Join(WampSerializer.Cbor, "realm1");
        TestClient other = router.Join(WampSerializer.Cbor, "realm2");
        client.Goodbye();
        client.TakeAll();

        client.Join("realm2");

        Assert.Equal(0, router.Router.FindRealm("realm1"u8)!.SessionCount);
        Assert.Equal(2, router.Router.FindRealm("realm2"u8)!.SessionCount);
        RoutingProbe.AssertRoutes(client, other);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Receive_AbortFromClient_ClosesAndCleansUp(WampSerializer serializer)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient client = _router.Join(serializer);
        client.SubscribeOk(1, "com.example.topic");
        client.RegisterOk(2, "com.example.procedure");

        client.Abort("wamp.close.normal");

        client.AssertNothingReceived();
        Assert.Equal(1, client.Connection.CloseCount);
        Assert.Equal(SessionState.Closed, client.Session.State);
        Assert.Equal(2, _router.Router.SessionCount);
        a.Publish(3, "com.example.topic", arguments: [1]);
        Assert.Equal(0, client.Connection.RefusedCount);
        a.Call(4, "com.example.procedure");
        WampAssert.RequestRefused(a.Single(), WampMessageType.Call, 4, "wamp.error.no_such_procedure");
        RoutingProbe.AssertRoutes(a, b);
    }

    [Fact]
    public void Receive_AbortBeforeHello_ClosesWithoutAnswer()
    {
        TestClient client = _router.Connect(WampSerializer.MsgPack);

        client.Abort("wamp.close.normal");

        client.AssertNothingReceived();
        Assert.Equal(1, client.Connection.CloseCount);
        Assert.Equal(SessionState.Closed, client.Session.State);
    }

    [Fact]
    public void Receive_GoodbyeBeforeHello_AbortsWithProtocolViolation()
    {
        TestClient client = _router.Connect(WampSerializer.Json);

        client.Goodbye();

        WampAssert.AbortedAndClosed(client, "wamp.error.protocol_violation");
    }

    [Fact]
    public void Abort_Message_CarriesAHumanReadableReason()
    {
        TestClient client = _router.Connect(WampSerializer.Json);

        client.Subscribe(1, "com.example.topic");

        ReceivedMessage abort = client.Single();
        WampAssert.Abort(abort, "wamp.error.protocol_violation");
        Assert.False(string.IsNullOrEmpty(Assert.IsType<string>(abort.DetailsMap["message"])));
        string json = Encoding.UTF8.GetString(abort.Encoded);
        Assert.StartsWith("[3,{\"message\":\"", json, StringComparison.Ordinal);
        Assert.EndsWith("\"},\"wamp.error.protocol_violation\"]", json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OnDisconnected_EstablishedSession_LeavesTheRealm(WampSerializer serializer)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        TestClient client = _router.Join(serializer);
        client.SubscribeOk(1, "com.example.topic");
        client.RegisterOk(2, "com.example.procedure");

        client.Session.OnDisconnected();

        Assert.Equal(SessionState.Closed, client.Session.State);
        Assert.Equal(2, _router.Router.SessionCount);
        a.Publish(3, "com.example.topic", arguments: [1]);
        client.AssertNothingReceived();
        a.Call(4, "com.example.procedure");
        WampAssert.RequestRefused(a.Single(), WampMessageType.Call, 4, "wamp.error.no_such_procedure");
        RoutingProbe.AssertRoutes(a, b);
    }

    [Fact]
    public void Receive_AfterDisconnect_IsIgnored()
    {
        TestClient client = _router.Join(WampSerializer.Cbor);
        client.Session.OnDisconnected();

        client.Subscribe(1, "com.example.topic");
        client.Hello(TestRouter.RealmName);

        client.AssertNothingReceived();
        Assert.Equal(0, _router.Router.SessionCount);
    }

    [Fact]
    public void OnDisconnected_BeforeHello_ClosesTheSession()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor);

        client.Session.OnDisconnected();

        Assert.Equal(SessionState.Closed, client.Session.State);
        Assert.Equal(0, _router.Router.SessionCount);
    }
}
