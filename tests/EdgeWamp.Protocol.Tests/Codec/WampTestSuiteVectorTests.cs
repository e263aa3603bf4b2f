using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Codec;

/// <summary>
/// The WAMP specification's test vectors (wamp-proto testsuite/singlemessage, see TestData/wamp-testsuite/ABOUT.txt):
/// every sample in JSON, MessagePack, CBOR and UBJSON is decoded and compared with its expected attributes, then
/// re-encoded with the outgoing message structs in all four serializers and decoded again. FlatBuffers samples are not
/// emitted: EdgeWamp does not implement that serializer.
/// </summary>
/// <remarks>
/// Each message's "ubjson" list holds two variants, told apart by their notes: plain UBJSON (Autobahn up to 25.12.2 with
/// py-ubjson, "UBJSON encoding ...") and BJData (Autobahn from 26.6.1 with the bjdata backend, "BJData encoding, a UBJSON
/// superset ..."). Only the plain UBJSON ones are tested. BJData is a different format that only looks alike: its integers
/// are little-endian (UBJSON's are big-endian, Draft 12 "Byte Order") and it adds markers UBJSON does not have (uint16
/// <c>u</c>, uint32 <c>m</c>, uint64 <c>M</c>, float16 <c>h</c>), so its samples, where they differ from UBJSON at all,
/// decode to other values or not at all. The BJData samples that are byte for byte plain UBJSON add nothing.
/// </remarks>
public sealed class WampTestSuiteVectorTests
{
    private static readonly string[] ImplementedSerializers = ["json", "msgpack", "cbor", "ubjson"];

    // Where Details (or Options, Extra) and the first payload element sit in each message array (WAMP spec, Basic and
    // Advanced Profile message definitions). Written out here, not taken from MessageLayout, so the tests check it.
    private static readonly Dictionary<WampMessageType, int> DetailsIndex = new()
    {
        [WampMessageType.Hello] = 2,
        [WampMessageType.Welcome] = 2,
        [WampMessageType.Abort] = 1,
        [WampMessageType.Challenge] = 2,
        [WampMessageType.Authenticate] = 2,
        [WampMessageType.Goodbye] = 1,
        [WampMessageType.Error] = 3,
        [WampMessageType.Publish] = 2,
        [WampMessageType.Subscribe] = 2,
        [WampMessageType.Unsubscribed] = 2,
        [WampMessageType.Event] = 3,
        [WampMessageType.Call] = 2,
        [WampMessageType.Cancel] = 2,
        [WampMessageType.Result] = 2,
        [WampMessageType.Register] = 2,
        [WampMessageType.Unregistered] = 2,
        [WampMessageType.Invocation] = 3,
        [WampMessageType.Interrupt] = 2,
        [WampMessageType.Yield] = 2,
    };

    private static readonly Dictionary<WampMessageType, int> PayloadIndex = new()
    {
        [WampMessageType.Error] = 5,
        [WampMessageType.Publish] = 4,
        [WampMessageType.Event] = 4,
        [WampMessageType.Call] = 4,
        [WampMessageType.Result] = 3,
        [WampMessageType.Invocation] = 4,
        [WampMessageType.Yield] = 3,
    };

    // Router-received CHALLENGE and AUTHENTICATE have no outgoing struct in Messages/ (the router sends CHALLENGE, but
    // nothing writes it yet), and EVENT_RECEIVED (337) is not a message this codec knows: those cannot round-trip.
    private static readonly HashSet<int> NotEncodable = [(int)WampMessageType.Challenge, (int)WampMessageType.Authenticate, 337];

    /// <summary>(file, sample, serializer, variant) for every serialization sample in JSON, MessagePack, CBOR and (plain) UBJSON.</summary>
    public static TheoryData<string, int, string, int> SerializationSamples()
    {
        var data = new TheoryData<string, int, string, int>();
        foreach ((string file, int sample, string serializer, int variant) in EnumerateSerializationSamples())
        {
            data.Add(file, sample, serializer, variant);
        }

        return data;
    }

    /// <summary>The serialization samples of messages that have an outgoing struct.</summary>
    public static TheoryData<string, int, string, int> EncodableSamples()
    {
        var data = new TheoryData<string, int, string, int>();
        foreach ((string file, int sample, string serializer, int variant) in EnumerateSerializationSamples())
        {
            if (!NotEncodable.Contains(MessageTypeOf(file, sample)))
            {
                data.Add(file, sample, serializer, variant);
            }
        }

        return data;
    }

    /// <summary>
    /// Binary samples whose outgoing struct writes exactly what it decoded (Details passed through, or empty Details that
    /// the struct writes as empty): re-encoding in the same serializer must reproduce the vector byte for byte. Not UBJSON:
    /// its vectors come from py-ubjson, which writes containers with end markers and one-byte strings as chars, where
    /// UbJsonWriter writes counted containers (so readers know counts up front) and strings as strings.
    /// </summary>
    public static TheoryData<string, int, string, int> ByteExactSamples()
    {
        var data = new TheoryData<string, int, string, int>();
        foreach ((string file, int sample, string serializer, int variant) in EnumerateSerializationSamples())
        {
            JsonObject expected = WampTestSuite.Sample(file, sample)["expected_attributes"]!.AsObject();
            int type = MessageTypeOf(file, sample);
            bool detailsSynthesized = type is (int)WampMessageType.Welcome or (int)WampMessageType.Abort or (int)WampMessageType.Goodbye
                or (int)WampMessageType.Result or (int)WampMessageType.Invocation or (int)WampMessageType.Event;
            bool detailsEmpty = expected["details"] is JsonObject { Count: 0 };
            if (serializer is not ("json" or "ubjson") && !NotEncodable.Contains(type) && (!detailsSynthesized || detailsEmpty))
            {
                data.Add(file, sample, serializer, variant);
            }
        }

        return data;
    }

    /// <summary>(file, sample, serializer) for every validation sample (a raw "wmsg" with or without "expected_error").</summary>
    public static TheoryData<string, int, string> ValidationSamples()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string file in WampTestSuite.Files)
        {
            JsonArray samples = WampTestSuite.Load(file)["samples"]!.AsArray();
            for (int i = 0; i < samples.Count; i++)
            {
                if (samples[i]!["wmsg"] is not null)
                {
                    foreach (string serializer in ImplementedSerializers)
                    {
                        data.Add(file, i, serializer);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void TestData_CopiedToOutput_HoldsEveryBasicAndAdvancedVectorFile()
    {
        IReadOnlyList<string> files = WampTestSuite.Files;

        Assert.Equal(22, files.Count(f => f.StartsWith("basic/", StringComparison.Ordinal)));
        Assert.Equal(4, files.Count(f => f.StartsWith("advanced/", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(WampTestSuite.Root, "ABOUT.txt")));
    }

    [Theory]
    [MemberData(nameof(SerializationSamples))]
    public void TryDecode_SerializationSample_MatchesExpectedAttributes(string file, int sample, string serializer, int variant)
    {
        JsonObject expected = WampTestSuite.Sample(file, sample)["expected_attributes"]!.AsObject();
        WampSerializer wampSerializer = WireFormat.FromTestSuiteName(serializer);
        byte[] message = VectorBytes(file, sample, serializer, variant);

        DecodeStatus status = DecodedMessage.TryDecode(wampSerializer, message, out DecodedMessage? decoded);

        int type = expected["message_type"]!.GetValue<int>();
        if (type > byte.MaxValue || !Enum.IsDefined((WampMessageType)type))
        {
            // A well-formed message whose code the codec does not implement (EVENT_RECEIVED, 337, is provisional).
            Assert.Equal(DecodeStatus.UnknownMessageType, status);
            return;
        }

        Assert.Equal(DecodeStatus.Ok, status);
        AssertAttributes(expected, decoded!, message);
    }

    // The BJData variants are left out (see the class remarks): each is either byte for byte its plain UBJSON sibling or
    // not UBJSON at all, which the decoder refuses rather than misread.
    [Fact]
    public void BjDataSamples_EitherPlainUbJsonOrRefused()
    {
        int bjData = 0;
        int differing = 0;
        foreach (string file in WampTestSuite.Files)
        {
            JsonArray samples = WampTestSuite.Load(file)["samples"]!.AsArray();
            foreach (JsonNode? sample in samples)
            {
                if (sample!["serializers"]?["ubjson"] is not JsonArray variants)
                {
                    continue;
                }

                string plain = variants.First(v => !IsBjData(v!))!["bytes_hex"]!.GetValue<string>();
                foreach (JsonNode? variant in variants.Where(v => IsBjData(v!)))
                {
                    bjData++;
                    string hex = variant!["bytes_hex"]!.GetValue<string>();
                    if (hex != plain)
                    {
                        differing++;
                        Assert.NotEqual(DecodeStatus.Ok, DecodedMessage.TryDecode(WampSerializer.UbJson, Hex.Parse(hex), out _));
                    }
                }
            }
        }

        Assert.Equal(35, bjData);
        Assert.True(differing > 0);
    }

    [Theory]
    [MemberData(nameof(EncodableSamples))]
    public void Encode_DecodedSample_RoundTripsInEverySerializer(string file, int sample, string serializer, int variant)
    {
        JsonObject expected = WampTestSuite.Sample(file, sample)["expected_attributes"]!.AsObject();
        WampSerializer source = WireFormat.FromTestSuiteName(serializer);
        byte[] message = VectorBytes(file, sample, serializer, variant);
        byte[] scratch = new byte[WampHeaderDecoder.ScratchLength];
        Assert.Equal(DecodeStatus.Ok, WampHeaderDecoder.TryDecode(source, message, scratch, out MessageHeader header));

        foreach (WampSerializer target in WireFormat.All)
        {
            using var output = new OutputBuffer(64);
            JsonObject roundTripExpected = Reencode(header, target, output, expected);

            byte[] encoded = output.WrittenSpan.ToArray();
            WireFormat.AssertWellFormed(target, encoded);
            DecodedMessage again = DecodedMessage.Decode(target, encoded);
            AssertAttributes(roundTripExpected, again, encoded, $"{source}->{target}");
        }
    }

    [Theory]
    [MemberData(nameof(ByteExactSamples))]
    public void Encode_DecodedSampleInSameSerializer_ReproducesVectorBytes(string file, int sample, string serializer, int variant)
    {
        JsonObject expected = WampTestSuite.Sample(file, sample)["expected_attributes"]!.AsObject();
        WampSerializer wampSerializer = WireFormat.FromTestSuiteName(serializer);
        byte[] message = VectorBytes(file, sample, serializer, variant);
        byte[] scratch = new byte[WampHeaderDecoder.ScratchLength];
        Assert.Equal(DecodeStatus.Ok, WampHeaderDecoder.TryDecode(wampSerializer, message, scratch, out MessageHeader header));
        using var output = new OutputBuffer(64);

        Reencode(header, wampSerializer, output, expected);

        Assert.Equal(Hex.Format(message), Hex.Format(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(ValidationSamples))]
    public void TryDecode_ValidationSample_AcceptsOrRejectsAsSpecified(string file, int sample, string serializer)
    {
        JsonObject validation = WampTestSuite.Sample(file, sample);
        WampSerializer wampSerializer = WireFormat.FromTestSuiteName(serializer);
        JsonArray wmsg = validation["wmsg"]!.DeepClone().AsArray();
        var type = (WampMessageType)wmsg[0]!.GetValue<int>();

        // A string where Arguments|list belongs is a transparent (end-to-end encrypted) payload, written in hex as the
        // serialization samples' "payload" attribute is; on the wire it is binary (WAMP spec, "Payload Passthru Mode").
        if (PayloadIndex.TryGetValue(type, out int payloadIndex) && wmsg.Count > payloadIndex
            && wmsg[payloadIndex]!.GetValueKind() == JsonValueKind.String)
        {
            wmsg[payloadIndex] = WampValue.Bytes(Hex.Parse(wmsg[payloadIndex]!.GetValue<string>()));
        }

        byte[] message = WireFormat.Encode(wampSerializer, wmsg);

        DecodeStatus status = DecodedMessage.TryDecode(wampSerializer, message, out _);

        if (validation["expected_error"] is JsonObject error)
        {
            // Every non-Ok status is a protocol violation that ends the session with ABORT.
            Assert.True(status != DecodeStatus.Ok, $"{wmsg.ToJsonString()} must be rejected ({error.ToJsonString()}) but decoded Ok");
        }
        else
        {
            Assert.True(status == DecodeStatus.Ok, $"{wmsg.ToJsonString()} is valid but decoded as {status}");
        }
    }

    private static IEnumerable<(string File, int Sample, string Serializer, int Variant)> EnumerateSerializationSamples()
    {
        foreach (string file in WampTestSuite.Files)
        {
            JsonArray samples = WampTestSuite.Load(file)["samples"]!.AsArray();
            for (int i = 0; i < samples.Count; i++)
            {
                if (samples[i]!["serializers"] is not JsonObject serializers)
                {
                    continue;
                }

                foreach (string serializer in ImplementedSerializers)
                {
                    if (serializers[serializer] is JsonArray variants)
                    {
                        for (int v = 0; v < variants.Count; v++)
                        {
                            if (!IsBjData(variants[v]!))
                            {
                                yield return (file, i, serializer, v);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>A BJData variant among the "ubjson" samples (see the class remarks): its note says so.</summary>
    private static bool IsBjData(JsonNode variant) =>
        variant["note"]?.GetValue<string>().StartsWith("BJData", StringComparison.Ordinal) == true;

    private static int MessageTypeOf(string file, int sample) =>
        WampTestSuite.Sample(file, sample)["expected_attributes"]!["message_type"]!.GetValue<int>();

    private static byte[] VectorBytes(string file, int sample, string serializer, int variant) =>
        Hex.Parse(WampTestSuite.Sample(file, sample)["serializers"]![serializer]![variant]!["bytes_hex"]!.GetValue<string>());

    /// <summary>
    /// Writes <paramref name="header"/> again with the struct the router uses for its type, and returns the attributes the
    /// result must decode to: the same, except where a struct writes its own Details from typed fields (WELCOME, ABORT,
    /// GOODBYE, RESULT, INVOCATION, EVENT), in which case Details hold exactly those fields.
    /// </summary>
    private static JsonObject Reencode(in MessageHeader header, WampSerializer target, OutputBuffer output, JsonObject expected)
    {
        JsonObject result = expected.DeepClone().AsObject();
        var details = new EncodedMap(header.Serializer, header.Details);
        DetailsReader reader = header.DetailsReader;
        Span<byte> scratch = new byte[256];
        switch (header.Type)
        {
            case WampMessageType.Hello:
                WampEncoder.Encode(output, target, new HelloMessage { Realm = header.Text, Details = details });
                break;
            case WampMessageType.Welcome:
                WampEncoder.Encode(output, target, new WelcomeMessage { SessionId = header.FirstId, Roles = RouterRoles.BasicProfile });
                result["roles"] = JsonNode.Parse("""{"broker":{"features":{}},"dealer":{"features":{}}}""");
                break;
            case WampMessageType.Abort or WampMessageType.Goodbye:
                {
                    ReadOnlySpan<byte> text = reader.TryGetString("message"u8, scratch, out ReadOnlySpan<byte> m) ? m : default;
                    if (header.Type == WampMessageType.Abort)
                    {
                        WampEncoder.Encode(output, target, new AbortMessage { Reason = header.Text, Message = text });
                    }
                    else
                    {
                        WampEncoder.Encode(output, target, new GoodbyeMessage { Reason = header.Text, Message = text });
                    }

                    result["details"] = text.IsEmpty ? new JsonObject() : new JsonObject { ["message"] = Encoding.UTF8.GetString(text) };
                    break;
                }

            case WampMessageType.Error:
                WampEncoder.Encode(output, target, new ErrorMessage
                {
                    RequestType = header.RequestType,
                    RequestId = header.FirstId,
                    Details = details,
                    Error = header.Text,
                    Payload = header.EncodedPayload,
                });
                break;
            case WampMessageType.Publish or WampMessageType.Subscribe or WampMessageType.Call or WampMessageType.Register
                or WampMessageType.Yield or WampMessageType.Cancel or WampMessageType.Interrupt:
                WampEncoder.Encode(output, target, new RequestMessage
                {
                    Type = header.Type,
                    RequestId = header.FirstId,
                    Options = details,
                    Uri = header.Text,
                    Payload = header.EncodedPayload,
                });
                break;
            case WampMessageType.Result:
                {
                    bool progress = reader.TryGetBoolean("progress"u8, out bool p) && p;
                    WampEncoder.Encode(output, target, new ResultMessage { RequestId = header.FirstId, Progress = progress, Payload = header.EncodedPayload });
                    result["details"] = progress ? new JsonObject { ["progress"] = true } : new JsonObject();
                    break;
                }

            case WampMessageType.Invocation:
                {
                    var synthesized = new JsonObject();
                    ulong caller = reader.TryGetUInt64("caller"u8, out ulong c) ? c : 0;
                    ReadOnlySpan<byte> authId = StringOrEmpty(reader, "caller_authid"u8);
                    ReadOnlySpan<byte> authRole = StringOrEmpty(reader, "caller_authrole"u8);
                    bool receiveProgress = reader.TryGetBoolean("receive_progress"u8, out bool rp) && rp;
                    ReadOnlySpan<byte> procedure = StringOrEmpty(reader, "procedure"u8);
                    if (caller != 0)
                    {
                        synthesized["caller"] = caller;
                        synthesized["caller_authid"] = Encoding.UTF8.GetString(authId);
                        synthesized["caller_authrole"] = Encoding.UTF8.GetString(authRole);
                    }

                    if (receiveProgress)
                    {
                        synthesized["receive_progress"] = true;
                    }

                    if (!procedure.IsEmpty)
                    {
                        synthesized["procedure"] = Encoding.UTF8.GetString(procedure);
                    }

                    WampEncoder.Encode(output, target, new InvocationMessage
                    {
                        RequestId = header.FirstId,
                        RegistrationId = header.SecondId,
                        Caller = caller,
                        CallerAuthId = authId,
                        CallerAuthRole = authRole,
                        ReceiveProgress = receiveProgress,
                        Procedure = procedure,
                        Payload = header.EncodedPayload,
                    });
                    result["details"] = synthesized;
                    break;
                }

            case WampMessageType.Event:
                {
                    var synthesized = new JsonObject();
                    ulong publisher = reader.TryGetUInt64("publisher"u8, out ulong pu) ? pu : 0;
                    ReadOnlySpan<byte> authId = StringOrEmpty(reader, "publisher_authid"u8);
                    ReadOnlySpan<byte> authRole = StringOrEmpty(reader, "publisher_authrole"u8);
                    ReadOnlySpan<byte> topic = StringOrEmpty(reader, "topic"u8);
                    if (publisher != 0)
                    {
                        synthesized["publisher"] = publisher;
                        synthesized["publisher_authid"] = Encoding.UTF8.GetString(authId);
                        synthesized["publisher_authrole"] = Encoding.UTF8.GetString(authRole);
                    }

                    if (!topic.IsEmpty)
                    {
                        synthesized["topic"] = Encoding.UTF8.GetString(topic);
                    }

                    WampEncoder.Encode(output, target, new EventMessage
                    {
                        SubscriptionId = header.FirstId,
                        PublicationId = header.SecondId,
                        Publisher = publisher,
                        PublisherAuthId = authId,
                        PublisherAuthRole = authRole,
                        Topic = topic,
                        Payload = header.EncodedPayload,
                    });
                    result["details"] = synthesized;
                    break;
                }

            case WampMessageType.Published or WampMessageType.Subscribed or WampMessageType.Unsubscribe
                or WampMessageType.Registered or WampMessageType.Unregister:
                WampEncoder.Encode(output, target, new RequestIdPairMessage { Type = header.Type, RequestId = header.FirstId, Id = header.SecondId });
                break;
            case WampMessageType.Unsubscribed or WampMessageType.Unregistered:
                WampEncoder.Encode(output, target, new RequestIdMessage { Type = header.Type, RequestId = header.FirstId });
                break;
            default:
                Assert.Fail($"No outgoing struct for {header.Type}");
                break;
        }

        return result;
    }

    /// <summary>A string entry of Details, copied out so several can be held at once; empty when absent.</summary>
    private static ReadOnlySpan<byte> StringOrEmpty(DetailsReader reader, ReadOnlySpan<byte> key)
    {
        byte[] scratch = new byte[256];
        return reader.TryGetString(key, scratch, out ReadOnlySpan<byte> value) ? value.ToArray() : default;
    }

    /// <summary>Compares every expected attribute with the decoded header; an attribute the test does not know fails it.</summary>
    private static void AssertAttributes(JsonObject expected, DecodedMessage actual, byte[] message, string? context = null)
    {
        string where = $"{context} {actual.Serializer} {actual.Type}: ";
        foreach ((string name, JsonNode? value) in expected)
        {
            switch (name)
            {
                case "message_type":
                    Assert.Equal(value!.GetValue<int>(), (int)actual.Type);
                    break;
                case "request_type":
                    Assert.Equal(value!.GetValue<int>(), (int)actual.RequestType);
                    break;
                case "request_id" or "session_id" or "subscription":
                    Assert.Equal(value!.GetValue<ulong>(), actual.FirstId);
                    break;
                case "subscription_id" or "publication_id" or "registration_id" or "publication":
                    Assert.Equal(value!.GetValue<ulong>(), actual.SecondId);
                    break;
                case "realm" or "topic" or "procedure" or "reason" or "error" or "method" or "authmethod" or "signature":
                    Assert.Equal(value!.GetValue<string>(), actual.TextString);
                    break;
                case "options" or "details" or "extra":
                    Assert.NotEmpty(actual.Details);
                    WampValue.AssertEqual(value, WireFormat.Decode(actual.Serializer, actual.Details), where + name);
                    break;
                case "roles":
                    WampValue.AssertEqual(value, WireFormat.Decode(actual.Serializer, actual.Details)!["roles"], where + name);
                    break;
                case "args" or "kwargs" or "payload":
                    break;
                default:
                    Assert.Fail($"{where}the test does not map the attribute '{name}' to MessageHeader");
                    break;
            }
        }

        AssertPayload(expected, actual, message, where);
        AssertDetailsSlice(actual, message, where);
    }

    private static void AssertPayload(JsonObject expected, DecodedMessage actual, byte[] message, string where)
    {
        JsonNode? args = expected["args"];
        JsonNode? kwargs = expected["kwargs"];
        if (expected["payload"] is JsonValue transparent)
        {
            // Payload Passthru Mode: one binary element instead of Arguments|list, forwarded untouched.
            Assert.Equal(1, actual.PayloadCount);
            JsonArray items = WireFormat.DecodeItems(actual.Serializer, actual.Payload, 1);
            Assert.True(WampValue.TryGetBytes(items[0], out byte[] bytes), where + "transparent payload is not binary");
            Assert.Equal(transparent.GetValue<string>(), Hex.Format(bytes));
        }
        else
        {
            var expectedItems = new JsonArray();
            if (args is not null || kwargs is not null)
            {
                expectedItems.Add(args?.DeepClone() ?? new JsonArray());
            }

            if (kwargs is not null)
            {
                expectedItems.Add(kwargs.DeepClone());
            }

            Assert.True(expectedItems.Count == actual.PayloadCount, $"{where}PayloadCount {actual.PayloadCount}, expected {expectedItems.Count}");
            WampValue.AssertEqual(expectedItems, WireFormat.DecodeItems(actual.Serializer, actual.Payload, actual.PayloadCount), where + "payload");
        }

        // The payload slice must be exactly the encoded Arguments and ArgumentsKw of the original message (CBOR: as
        // CborReader.ReadEncodedValue returns them; MessagePack and UBJSON: as the oracle readers delimit them).
        if (actual.Serializer != WampSerializer.Json && PayloadIndex.TryGetValue(actual.Type, out int index))
        {
            List<byte[]> elements = EncodedElements(actual.Serializer, message);
            byte[] expectedSlice = [.. elements.Skip(index).SelectMany(e => e)];
            Assert.Equal(Hex.Format(expectedSlice), Hex.Format(actual.Payload));
        }
    }

    private static void AssertDetailsSlice(DecodedMessage actual, byte[] message, string where)
    {
        if (actual.Serializer == WampSerializer.Json || !DetailsIndex.TryGetValue(actual.Type, out int index))
        {
            return;
        }

        List<byte[]> elements = EncodedElements(actual.Serializer, message);
        string expectedSlice = elements.Count > index ? Hex.Format(elements[index]) : string.Empty;
        Assert.True(expectedSlice == Hex.Format(actual.Details), $"{where}Details slice {Hex.Format(actual.Details)}, expected {expectedSlice}");
    }

    private static List<byte[]> EncodedElements(WampSerializer serializer, byte[] message) => serializer switch
    {
        WampSerializer.Cbor => CborOracle.ReadEncodedElements(message),
        WampSerializer.UbJson => UbJsonOracle.ReadEncodedElements(message),
        _ => MsgPackOracle.ReadEncodedElements(message),
    };
}
