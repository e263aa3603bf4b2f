using System.Text;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>
/// A WAMP client driving one router session through a <see cref="TestConnection"/>: it encodes client messages with
/// <see cref="WampEncoder"/> in its serializer, hands them to <see cref="WampSession.Receive"/>, and decodes what the
/// router wrote back. Everything is synchronous: when a send returns, the router has written all it will write.
/// </summary>
internal sealed class TestClient
{
    private int _read;

    public TestClient(WampRouter router, WampSerializer serializer, AuthMethods authMethods, string description)
    {
        Serializer = serializer;
        Connection = new TestConnection(serializer, description);
        Session = router.OpenSession(Connection, authMethods);
    }

    public WampSerializer Serializer { get; }

    public TestConnection Connection { get; }

    public WampSession Session { get; }

    /// <summary>The Details every test HELLO carries unless it says otherwise: the four client roles.</summary>
    public static Dictionary<string, object?> DefaultHelloDetails() => WampValue.Map(
        ("roles", WampValue.Map(
            ("publisher", WampValue.Map()),
            ("subscriber", WampValue.Map()),
            ("caller", WampValue.Map()),
            ("callee", WampValue.Map()))));

    /// <summary>Encodes Arguments (and ArgumentsKw, when given) the way a client lays out a payload.</summary>
    public static byte[] EncodePayload(WampSerializer serializer, object?[]? arguments, Dictionary<string, object?>? argumentsKw) =>
        argumentsKw is not null ? WampValue.EncodeItems(serializer, arguments ?? [], argumentsKw)
        : arguments is not null ? WampValue.EncodeItems(serializer, [arguments])
        : [];

    public void Hello(string realm, Dictionary<string, object?>? details = null) => Send(new HelloMessage
    {
        Realm = Utf8(realm),
        Details = Map(details ?? DefaultHelloDetails()),
    });

    /// <summary>HELLO, then expects WELCOME as the only answer; returns the session id.</summary>
    public ulong Join(string realm)
    {
        Hello(realm);
        ReceivedMessage welcome = Single();
        Assert.Equal(WampMessageType.Welcome, welcome.Type);
        return welcome.FirstId;
    }

    public void Subscribe(ulong requestId, string topic, Dictionary<string, object?>? options = null) =>
        SendRequest(WampMessageType.Subscribe, requestId, topic, options, null, null);

    /// <summary>SUBSCRIBE, then expects SUBSCRIBED for this request as the only answer; returns the subscription id.</summary>
    public ulong SubscribeOk(ulong requestId, string topic)
    {
        Subscribe(requestId, topic);
        ReceivedMessage subscribed = Single();
        Assert.Equal(WampMessageType.Subscribed, subscribed.Type);
        Assert.Equal(requestId, subscribed.FirstId);
        return subscribed.SecondId;
    }

    public void Unsubscribe(ulong requestId, ulong subscriptionId) =>
        Send(new RequestIdPairMessage { Type = WampMessageType.Unsubscribe, RequestId = requestId, Id = subscriptionId });

    public void Publish(ulong requestId, string topic, Dictionary<string, object?>? options = null, object?[]? arguments = null, Dictionary<string, object?>? argumentsKw = null) =>
        SendRequest(WampMessageType.Publish, requestId, topic, options, arguments, argumentsKw);

    public void Register(ulong requestId, string procedure, Dictionary<string, object?>? options = null) =>
        SendRequest(WampMessageType.Register, requestId, procedure, options, null, null);

    /// <summary>REGISTER, then expects REGISTERED for this request as the only answer; returns the registration id.</summary>
    public ulong RegisterOk(ulong requestId, string procedure)
    {
        Register(requestId, procedure);
        ReceivedMessage registered = Single();
        Assert.Equal(WampMessageType.Registered, registered.Type);
        Assert.Equal(requestId, registered.FirstId);
        return registered.SecondId;
    }

    public void Unregister(ulong requestId, ulong registrationId) =>
        Send(new RequestIdPairMessage { Type = WampMessageType.Unregister, RequestId = requestId, Id = registrationId });

    public void Call(ulong requestId, string procedure, object?[]? arguments = null, Dictionary<string, object?>? argumentsKw = null, Dictionary<string, object?>? options = null) =>
        SendRequest(WampMessageType.Call, requestId, procedure, options, arguments, argumentsKw);

    public void Yield(ulong invocationId, object?[]? arguments = null, Dictionary<string, object?>? argumentsKw = null) =>
        SendRequest(WampMessageType.Yield, invocationId, string.Empty, null, arguments, argumentsKw);

    /// <summary>[ERROR, INVOCATION, Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict], as a callee answers.</summary>
    public void InvocationError(ulong invocationId, string error, object?[]? arguments = null, Dictionary<string, object?>? argumentsKw = null, Dictionary<string, object?>? details = null)
    {
        byte[] payload = EncodePayload(Serializer, arguments, argumentsKw);
        Send(new ErrorMessage
        {
            RequestType = WampMessageType.Invocation,
            RequestId = invocationId,
            Details = Map(details ?? WampValue.Map()),
            Error = Utf8(error),
            Payload = new EncodedPayload(Serializer, payload, PayloadCount(arguments, argumentsKw)),
        });
    }

    public void Goodbye(string reason = "wamp.close.close_realm") => Send(new GoodbyeMessage { Reason = Utf8(reason) });

    public void Abort(string reason = "wamp.close.normal") => Send(new AbortMessage { Reason = Utf8(reason) });

    /// <summary>Sends an arbitrary value (e.g. a list that is not a valid client message) encoded in this client's serializer.</summary>
    public void SendValue(object? value) => SendRaw(WampValue.Encode(Serializer, value));

    public void SendRaw(ReadOnlySpan<byte> message) => Session.Receive(message);

    public void Send<TMessage>(in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        using var buffer = new OutputBuffer();
        WampEncoder.Encode(buffer, Serializer, message);
        Session.Receive(buffer.WrittenSpan);
    }

    /// <summary>Everything the router wrote since the last take, decoded.</summary>
    public List<ReceivedMessage> TakeAll()
    {
        var messages = new List<ReceivedMessage>();
        for (; _read < Connection.Written.Count; _read++)
        {
            messages.Add(ReceivedMessage.Decode(Serializer, Connection.Written[_read]));
        }

        return messages;
    }

    /// <summary>Expects exactly one new message from the router.</summary>
    public ReceivedMessage Single()
    {
        List<ReceivedMessage> messages = TakeAll();
        Assert.True(messages.Count == 1, $"expected one message, got {messages.Count}: {string.Join("; ", messages)}");
        return messages[0];
    }

    /// <summary>Expects the router to have written nothing new.</summary>
    public void AssertNothingReceived()
    {
        List<ReceivedMessage> messages = TakeAll();
        Assert.True(messages.Count == 0, $"expected no message, got {messages.Count}: {string.Join("; ", messages)}");
    }

    private void SendRequest(WampMessageType type, ulong requestId, string uri, Dictionary<string, object?>? options, object?[]? arguments, Dictionary<string, object?>? argumentsKw)
    {
        byte[] payload = EncodePayload(Serializer, arguments, argumentsKw);
        Send(new RequestMessage
        {
            Type = type,
            RequestId = requestId,
            Options = Map(options ?? WampValue.Map()),
            Uri = Utf8(uri),
            Payload = new EncodedPayload(Serializer, payload, PayloadCount(arguments, argumentsKw)),
        });
    }

    private EncodedMap Map(Dictionary<string, object?> map) => new(Serializer, WampValue.Encode(Serializer, map));

    private static int PayloadCount(object?[]? arguments, Dictionary<string, object?>? argumentsKw) =>
        argumentsKw is not null ? 2 : arguments is not null ? 1 : 0;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
