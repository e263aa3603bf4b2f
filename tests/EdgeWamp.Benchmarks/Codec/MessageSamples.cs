using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;

namespace EdgeWamp.Benchmarks.Codec;

/// <summary>
/// One typical instance of each WAMP message type, encoded straight into an <see cref="OutputBuffer"/>: what the
/// encode benchmarks measure, and where the decode benchmarks get their input.
/// </summary>
internal static class MessageSamples
{
    /// <summary>The message types measured; the benchmarks take them as a parameter.</summary>
    public static readonly string[] Names =
    [
        "Hello", "Welcome", "Abort", "Goodbye", "Error",
        "Publish", "Published", "Subscribe", "Subscribed", "Unsubscribe", "Unsubscribed", "Event",
        "Call", "Result", "Register", "Registered", "Unregister", "Unregistered", "Invocation", "Interrupt", "Yield",
    ];

    private static readonly byte[] Payload = BenchmarkRealm.SensorPayload();
    private static readonly byte[] HelloDetails = HelloRoles();
    private static readonly RouterRoles Roles = new([], []);

    /// <summary>Encodes the sample message <paramref name="name"/> in <paramref name="serializer"/>; never allocates.</summary>
    public static int Encode(OutputBuffer output, WampSerializer serializer, string name)
    {
        var payload = new EncodedPayload(WampSerializer.Cbor, Payload, 2);
        return name switch
        {
            "Hello" => WampEncoder.Encode(output, serializer, new HelloMessage { Realm = "realm1"u8, Details = new EncodedMap(WampSerializer.Cbor, HelloDetails) }),
            "Welcome" => WampEncoder.Encode(output, serializer, new WelcomeMessage { SessionId = 4_503_599_627_370_495, AuthId = "board-17"u8, AuthRole = "anonymous"u8, AuthMethod = "anonymous"u8, AuthProvider = "static"u8, Roles = Roles }),
            "Abort" => WampEncoder.Encode(output, serializer, new AbortMessage { Reason = "wamp.error.no_such_realm"u8, Message = "no such realm"u8 }),
            "Goodbye" => WampEncoder.Encode(output, serializer, new GoodbyeMessage { Reason = "wamp.close.close_realm"u8 }),
            "Error" => WampEncoder.Encode(output, serializer, new ErrorMessage { RequestType = WampMessageType.Call, RequestId = 7_001, Error = "wamp.error.no_such_procedure"u8, Message = "no callee"u8 }),
            "Publish" => WampEncoder.Encode(output, serializer, new RequestMessage { Type = WampMessageType.Publish, RequestId = 7_001, Uri = "sensors.env.temperature"u8, Payload = payload }),
            "Published" => WampEncoder.Encode(output, serializer, new RequestIdPairMessage { Type = WampMessageType.Published, RequestId = 7_001, Id = 2_251_799_813_685_248 }),
            "Subscribe" => WampEncoder.Encode(output, serializer, new RequestMessage { Type = WampMessageType.Subscribe, RequestId = 7_001, Uri = "sensors.env.temperature"u8 }),
            "Subscribed" => WampEncoder.Encode(output, serializer, new RequestIdPairMessage { Type = WampMessageType.Subscribed, RequestId = 7_001, Id = 5_512_315_355 }),
            "Unsubscribe" => WampEncoder.Encode(output, serializer, new RequestIdPairMessage { Type = WampMessageType.Unsubscribe, RequestId = 7_002, Id = 5_512_315_355 }),
            "Unsubscribed" => WampEncoder.Encode(output, serializer, new RequestIdMessage { Type = WampMessageType.Unsubscribed, RequestId = 7_002 }),
            "Event" => WampEncoder.Encode(output, serializer, new EventMessage { SubscriptionId = 5_512_315_355, PublicationId = 2_251_799_813_685_248, Topic = "sensors.env.temperature"u8, Payload = payload }),
            "Call" => WampEncoder.Encode(output, serializer, new RequestMessage { Type = WampMessageType.Call, RequestId = 7_003, Uri = "board.gpio.read"u8, Payload = payload }),
            "Result" => WampEncoder.Encode(output, serializer, new ResultMessage { RequestId = 7_003, Payload = payload }),
            "Register" => WampEncoder.Encode(output, serializer, new RequestMessage { Type = WampMessageType.Register, RequestId = 7_004, Uri = "board.gpio.read"u8 }),
            "Registered" => WampEncoder.Encode(output, serializer, new RequestIdPairMessage { Type = WampMessageType.Registered, RequestId = 7_004, Id = 9_007_199_254 }),
            "Unregister" => WampEncoder.Encode(output, serializer, new RequestIdPairMessage { Type = WampMessageType.Unregister, RequestId = 7_005, Id = 9_007_199_254 }),
            "Unregistered" => WampEncoder.Encode(output, serializer, new RequestIdMessage { Type = WampMessageType.Unregistered, RequestId = 7_005 }),
            "Invocation" => WampEncoder.Encode(output, serializer, new InvocationMessage { RequestId = 812, RegistrationId = 9_007_199_254, Procedure = "board.gpio.read"u8, Payload = payload }),
            "Interrupt" => WampEncoder.Encode(output, serializer, new InterruptMessage { RequestId = 812, Mode = "kill"u8 }),
            "Yield" => WampEncoder.Encode(output, serializer, new RequestMessage { Type = WampMessageType.Yield, RequestId = 812, Payload = payload }),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown sample message"),
        };
    }

    /// <summary>The sample message <paramref name="name"/> in <paramref name="serializer"/>, as bytes.</summary>
    public static byte[] Encoded(WampSerializer serializer, string name)
    {
        using var output = new OutputBuffer();
        Encode(output, serializer, name);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] HelloRoles()
    {
        using var buffer = new OutputBuffer();
        var writer = new CborWriter(buffer);
        writer.WriteStartMap(1);
        writer.WritePropertyName("roles"u8);
        writer.WriteStartMap(2);
        writer.WritePropertyName("publisher"u8);
        writer.WriteStartMap(0);
        writer.WritePropertyName("subscriber"u8);
        writer.WriteStartMap(0);
        return buffer.WrittenSpan.ToArray();
    }
}
