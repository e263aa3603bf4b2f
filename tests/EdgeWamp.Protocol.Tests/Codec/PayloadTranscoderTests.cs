using System.Text;
using System.Text.Json.Nodes;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Codec;

/// <summary>
/// A PUBLISH decoded in one serializer is re-encoded as an EVENT in every serializer; the EVENT's payload must decode,
/// through the oracles, to the same values. Payloads cover every value kind plus encodings only one serializer has.
/// </summary>
public sealed class PayloadTranscoderTests
{
    private static readonly string LongText = string.Concat(Enumerable.Repeat("0123456789", 30));
    private static readonly byte[] LongBytes = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];

    /// <summary>Payloads as [Arguments, ArgumentsKw] (or [Arguments]) in JSON text, the form the expectations are written in.</summary>
    private static readonly Dictionary<string, string> Payloads = new()
    {
        ["null"] = "[[null]]",
        ["booleans"] = "[[true,false]]",
        ["integers"] = """
            [[0,1,23,24,127,128,255,256,65535,65536,4294967295,4294967296,9007199254740992,18446744073709551615,
              -1,-24,-25,-32,-33,-128,-129,-256,-257,-32768,-32769,-2147483648,-2147483649,-9007199254740992,-9223372036854775808]]
            """,
        ["floats"] = "[[1.5,-0.5,0.1,3.141592653589793,1e300,-1.5e-300,100000.5,65504.0,5.960464477539063e-8]]",
        ["strings"] = $$"""[["","a","\u00fc","\u6c34","\ud83d\ude00","quote \" backslash \\ slash / newline \n tab \t ctrl \u0001 del \u007f","{{LongText}}"]]""",
        ["binary"] = $$"""[["\u0000","\u0000AQID","\u0000{{Convert.ToBase64String(LongBytes)}}"],{"blob":"\u0000/w=="}]""",
        ["nested"] = """[[[1,[2,[3,[]]]],{"a":{"b":{"c":[{"d":null}]}}}],{"k":[{"x":[1,2]}],"e":{},"n":{"m":{"o":[true]}}}]""",
        ["empty containers"] = "[[],{}]",
        ["kwargs only"] = """[[],{"a":1,"ü":"v","":true}]""",
        ["wide containers"] = $$"""[[{{string.Join(",", Enumerable.Range(0, 40))}}],{{{string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"k{i}\":{i}"))}}}]""",
    };

    /// <summary>
    /// Source encodings only one serializer can produce, with the values they must decode to: JSON whitespace and escapes,
    /// CBOR indefinite-length containers and strings, MessagePack's wider-than-needed formats and float 32, UBJSON's
    /// uncounted, counted and strongly typed containers, no-ops, chars, high-precision numbers and every integer type.
    /// </summary>
    private static readonly Dictionary<string, (WampSerializer Source, string Payload, int Count, string Expected)> NativePayloads = new()
    {
        ["json whitespace and escapes"] = (
            WampSerializer.Json,
            " \t[ \"a\\nb\" , \"\\u00fc\\ud83d\\ude00\" , \"\\/\" ,\r\n 1 , -2.5e3 , \"\\u0000AQ\\/D\" ] ,\n { \"k\\u0065y\" : [ ] , \"q\\\"\" : null } ",
            2,
            """[["a\nb","ü😀","/",1,-2500.0,"\u0000AQ/D"],{"key":[],"q\"":null}]"""),
        ["cbor indefinite lengths"] = (
            WampSerializer.Cbor,
            "9f" + "5f42010241 03ff" + "7f626869 6121ff" + "bf616101ff" + "9fff" + "ff" + "bf636b65799f01ffff",
            2,
            """[["\u0000AQID","hi!",{"a":1},[]],{"key":[1]}]"""),
        ["cbor tags and half floats"] = (
            WampSerializer.Cbor,
            "84" + "c11a514b67b0" + "f93e00" + "fa47c35000" + "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
            1,
            """[[1363896240,1.5,100000.0,"http://www.example.com"]]"""),
        ["msgpack wide formats"] = (
            WampSerializer.MsgPack,
            "dc0004" + "d005" + "cd0001" + "d9026869" + "ca3fc00000" + "de0001" + "da00016b" + "c5000201ff",
            2,
            """[[5,1,"hi",1.5],{"k":"\u0000Af8="}]"""),
        ["ubjson every marker and container form"] = (
            WampSerializer.UbJson,
            "5b" + "4e" + "4361" + "485514" + "3138343436373434303733373039353531363135" + "485504" + "2d312e35" + "4855022d35" + "4855022d30"
                + "69ff" + "490100" + "6c00010000" + "4c0000000100000000" + "643fc00000"
                + "5b24692355030102ff" + "5b245323550255026869" + "5500" + "5b245a235502" + "5b2454235501" + "5b2355025446"
                + "5b245b2355022355002455235502" + "0102" + "4e" + "5d"
                + "7b" + "4e" + "55016b" + "5a" + "550174" + "7b2446235502" + "550161" + "550162" + "55016d" + "7b2455235501" + "550178" + "07" + "7d",
            2,
            """[["a",18446744073709551615,-1.5,-5,0,-1,256,65536,4294967296,1.5,[1,2,-1],["hi",""],[null,null],[true],[true,false],[[],"\u0000AQI="]],{"k":null,"t":{"a":false,"b":false},"m":{"x":7}}]"""),
    };

    public static TheoryData<string, WampSerializer, WampSerializer> PayloadCases()
    {
        var data = new TheoryData<string, WampSerializer, WampSerializer>();
        foreach (string name in Payloads.Keys)
        {
            foreach (WampSerializer source in WireFormat.All)
            {
                foreach (WampSerializer target in WireFormat.All)
                {
                    data.Add(name, source, target);
                }
            }
        }

        return data;
    }

    public static TheoryData<WampSerializer, WampSerializer> SerializerPairs()
    {
        var data = new TheoryData<WampSerializer, WampSerializer>();
        foreach (WampSerializer source in WireFormat.All)
        {
            foreach (WampSerializer target in WireFormat.All)
            {
                data.Add(source, target);
            }
        }

        return data;
    }

    public static TheoryData<string, WampSerializer> NativePayloadCases()
    {
        var data = new TheoryData<string, WampSerializer>();
        foreach (string name in NativePayloads.Keys)
        {
            foreach (WampSerializer target in WireFormat.All)
            {
                data.Add(name, target);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PayloadCases))]
    public void WriteItems_PublishPayloadToEvent_TargetDecodesToSameValues(string payload, WampSerializer source, WampSerializer target)
    {
        JsonArray expected = WampValue.Parse(Payloads[payload])!.AsArray();
        byte[] encodedPayload = EncodeItems(source, expected);

        AssertEventCarries(source, encodedPayload, expected.Count, target, expected);
    }

    [Theory]
    [MemberData(nameof(NativePayloadCases))]
    public void WriteItems_SerializerSpecificEncoding_TargetDecodesToSameValues(string payload, WampSerializer target)
    {
        (WampSerializer source, string text, int count, string expectedJson) = NativePayloads[payload];
        byte[] encodedPayload = source == WampSerializer.Json ? Encoding.UTF8.GetBytes(text) : Hex.Parse(text);

        AssertEventCarries(source, encodedPayload, count, target, WampValue.Parse(expectedJson)!.AsArray());
    }

    [Theory]
    [InlineData(WampSerializer.Json, WampSerializer.Cbor)]
    [InlineData(WampSerializer.MsgPack, WampSerializer.Cbor)]
    [InlineData(WampSerializer.Cbor, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Json, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Json, WampSerializer.UbJson)]
    [InlineData(WampSerializer.Cbor, WampSerializer.UbJson)]
    [InlineData(WampSerializer.UbJson, WampSerializer.Cbor)]
    [InlineData(WampSerializer.UbJson, WampSerializer.MsgPack)]
    public void WriteItems_IntegralFloat_StaysAFloat(WampSerializer source, WampSerializer target)
    {
        byte[] payload = source == WampSerializer.Json ? "[1.0]"u8.ToArray() : WireFormat.Encode(source, new JsonArray(JsonValue.Create(1.5)));
        string expectedHex = (source, target) switch
        {
            // UBJSON: [#U1 then float32 (1.0 or 1.5 is exact in it).
            (WampSerializer.Json, WampSerializer.UbJson) => "5b235501643f800000",
            (_, WampSerializer.UbJson) => "5b235501643fc00000",
            (WampSerializer.Json, WampSerializer.Cbor) => "81f93c00",
            (_, WampSerializer.Cbor) => "81f93e00",
            (WampSerializer.Json, _) => "91cb3ff0000000000000",
            _ => "91cb3ff8000000000000",
        };

        byte[] eventMessage = EncodeEvent(source, payload, 1, target);

        Assert.EndsWith(expectedHex, Hex.Format(eventMessage), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WampSerializer.Cbor)]
    [InlineData(WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Json)]
    [InlineData(WampSerializer.UbJson)]
    public void WriteItems_SameSerializer_CopiesPayloadBytesVerbatim(WampSerializer serializer)
    {
        byte[] payload = serializer == WampSerializer.Json
            ? " [ 1 , \"\\u00fc\" ] , { \"a\" : 1.50 }"u8.ToArray()
            : EncodeItems(serializer, WampValue.Parse("""[[1,"ü"],{"a":1.5}]""")!.AsArray());

        byte[] eventMessage = EncodeEvent(serializer, payload, 2, serializer);

        Assert.Contains(Hex.Format(payload), Hex.Format(eventMessage), StringComparison.Ordinal);
    }

    // Values the source serializer can carry and the decoder accepts must either be refused at decode time or reach the
    // target: PayloadTranscoder throws InvalidOperationException ("a payload that passed decoding could not be transcoded")
    // otherwise, which a router would meet while routing a peer's message.
    [Theory]
    [InlineData(WampSerializer.Json, "[18446744073709551616]", 1, WampSerializer.Cbor)]
    [InlineData(WampSerializer.Json, "[18446744073709551616]", 1, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Json, "[-9223372036854775809]", 1, WampSerializer.Cbor)]
    [InlineData(WampSerializer.Json, "[-9223372036854775809]", 1, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Json, "[1e400]", 1, WampSerializer.Cbor)]
    [InlineData(WampSerializer.Cbor, "813bffffffffffffffff", 1, WampSerializer.Json)]
    [InlineData(WampSerializer.Cbor, "813bffffffffffffffff", 1, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Cbor, "81f0", 1, WampSerializer.Json)]
    [InlineData(WampSerializer.Cbor, "81f8ff", 1, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Cbor, "80a10102", 2, WampSerializer.Json)]
    [InlineData(WampSerializer.Cbor, "80a10102", 2, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.MsgPack, "908101c3", 2, WampSerializer.Json)]
    [InlineData(WampSerializer.MsgPack, "908101c3", 2, WampSerializer.Cbor)]
    [InlineData(WampSerializer.UbJson, "5b48551431383434363734343037333730393535313631365d", 1, WampSerializer.Cbor)]
    [InlineData(WampSerializer.UbJson, "5b4855062d31653430305d", 1, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.UbJson, "5b4855054e614e3f315d", 1, WampSerializer.Json)]
    [InlineData(WampSerializer.UbJson, "5b245a236c3fffffff", 1, WampSerializer.Json)]
    [InlineData(WampSerializer.UbJson, "5b7b550200c35a7d5d", 1, WampSerializer.Json)]
    [InlineData(WampSerializer.Cbor, "81fb7ff8000000000000", 1, WampSerializer.UbJson)]
    [InlineData(WampSerializer.Json, "[18446744073709551615,-9223372036854775808]", 1, WampSerializer.UbJson)]
    public void WriteItems_ValueTheTargetCannotHold_RejectedByDecoderOrTranscoded(WampSerializer source, string payload, int count, WampSerializer target)
    {
        byte[] payloadBytes = source == WampSerializer.Json ? Encoding.UTF8.GetBytes(payload) : Hex.Parse(payload);
        if (DecodedMessage.TryDecode(source, PublishWith(source, payloadBytes, count), out _) != DecodeStatus.Ok)
        {
            return;
        }

        Exception? exception = Record.Exception(() => EncodeEvent(source, payloadBytes, count, target));

        Assert.Null(exception);
    }

    // Text strings must stay valid UTF-8 (RFC 8949 §3.1 and the msgpack spec require it); copied into JSON, invalid bytes make
    // a message no JSON peer can parse, so they must be refused at decode time or replaced on the way.
    [Theory]
    [InlineData(WampSerializer.Cbor, "8162c328")]
    [InlineData(WampSerializer.MsgPack, "91a2c328")]
    [InlineData(WampSerializer.UbJson, "5b535502c3285d")]
    [InlineData(WampSerializer.UbJson, "5b43ff5d")]
    public void WriteItems_InvalidUtf8Text_RejectedByDecoderOrWrittenAsValidJson(WampSerializer source, string payloadHex)
    {
        byte[] payload = Hex.Parse(payloadHex);
        if (DecodedMessage.TryDecode(source, PublishWith(source, payload, 1), out _) != DecodeStatus.Ok)
        {
            return;
        }

        byte[] eventMessage = EncodeEvent(source, payload, 1, WampSerializer.Json);

        Assert.True(System.Text.Unicode.Utf8.IsValid(eventMessage), Hex.Format(eventMessage));
        WireFormat.AssertWellFormed(WampSerializer.Json, eventMessage);
    }

    // Payload Passthru Mode: the one binary item is forwarded as one binary item, its bytes untouched, in every serializer.
    [Theory]
    [MemberData(nameof(SerializerPairs))]
    public void WriteItems_PassthruBinaryPayload_ForwardedAsOneBinaryItem(WampSerializer source, WampSerializer target)
    {
        JsonArray payload = new(WampValue.Bytes(Hex.Parse("a1666e6f74696365")));

        AssertEventCarries(source, EncodeItems(source, payload), 1, target, payload);
    }

    // The decoder accepts 64 nested containers in a payload item (Arguments counts), and the transcoder writes all of them.
    [Theory]
    [MemberData(nameof(SerializerPairs))]
    public void WriteItems_NestingAtMaxDepth_Transcoded(WampSerializer source, WampSerializer target)
    {
        const int Depth = WampDataModel.MaxDepth;
        byte[] Nested(WampSerializer serializer) => serializer switch
        {
            WampSerializer.Json => Encoding.UTF8.GetBytes(new string('[', Depth) + new string(']', Depth)),
            WampSerializer.Cbor => Hex.Parse(string.Concat(Enumerable.Repeat("81", Depth - 1)) + "80"),

            // UBJSON as UbJsonWriter writes it: counted arrays, [#U1 ... [#U0.
            WampSerializer.UbJson => Hex.Parse(string.Concat(Enumerable.Repeat("5b235501", Depth - 1)) + "5b235500"),
            _ => Hex.Parse(string.Concat(Enumerable.Repeat("91", Depth - 1)) + "90"),
        };

        // One more array around the whole nest: its header alone (a one-item array).
        int outer = source == WampSerializer.UbJson ? 4 : 1;

        byte[] eventMessage = EncodeEvent(source, Nested(source), 1, target);

        byte[] expectedTail = target == WampSerializer.Json ? [.. Nested(target), (byte)']'] : Nested(target);
        Assert.EndsWith(Hex.Format(expectedTail), Hex.Format(eventMessage), StringComparison.Ordinal);
        Assert.Equal(DecodeStatus.Malformed, DecodedMessage.TryDecode(source, PublishWith(source, [.. Nested(source)[..outer], .. Nested(source)], 1), out _));
    }

    [Theory]
    [InlineData(WampSerializer.Cbor, WampSerializer.MsgPack)]
    [InlineData(WampSerializer.MsgPack, WampSerializer.Cbor)]
    [InlineData(WampSerializer.UbJson, WampSerializer.Cbor)]
    [InlineData(WampSerializer.Cbor, WampSerializer.UbJson)]
    public void WriteItems_BinaryTranscodeAfterWarmUp_AllocatesNothing(WampSerializer source, WampSerializer target)
    {
        JsonArray values = WampValue.Parse($$$"""
            [[1,-1,18446744073709551615,-9223372036854775808,1.5,0.1,true,false,null,"text","ü😀","\u0000AQID",[1,[2,[]]],{"a":{"b":[1]}}],
             {"k":"v","n":{"m":[1.5,null]},"bin":"\u0000{{{Convert.ToBase64String(LongBytes)}}}","long":"{{{LongText}}}"}]
            """)!.AsArray();
        byte[] publish = PublishWith(source, EncodeItems(source, values), 2);
        byte[] scratch = new byte[WampHeaderDecoder.ScratchLength];
        using var output = new OutputBuffer(4096);
        Assert.Equal(DecodeStatus.Ok, WampHeaderDecoder.TryDecode(source, publish, scratch, out MessageHeader header));
        var message = new EventMessage { SubscriptionId = 1, PublicationId = 2, Payload = header.EncodedPayload };

        // Warm up: JIT tiering, static initialisation, and the OutputBuffer reaching the size it needs.
        for (int i = 0; i < 2000; i++)
        {
            output.Clear();
            WampEncoder.Encode(output, target, message);
        }

        // GC.GetAllocatedBytesForCurrentThread counts every managed allocation this thread makes (precisely, not sampled),
        // so a delta of 0 across the loop proves the steady-state transcode allocates nothing; other test threads do not count.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            output.Clear();
            WampEncoder.Encode(output, target, message);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        WampValue.AssertEqual(values, WireFormat.DecodeItems(target, DecodedMessage.Decode(target, output.WrittenSpan).Payload, 2));
    }

    private static void AssertEventCarries(WampSerializer source, byte[] encodedPayload, int count, WampSerializer target, JsonArray expected)
    {
        byte[] eventMessage = EncodeEvent(source, encodedPayload, count, target);

        WireFormat.AssertWellFormed(target, eventMessage);
        DecodedMessage decoded = DecodedMessage.Decode(target, eventMessage);
        Assert.Equal(WampMessageType.Event, decoded.Type);
        Assert.Equal((5512315355UL, 4429313566UL), (decoded.FirstId, decoded.SecondId));
        Assert.Equal(count, decoded.PayloadCount);
        WampValue.AssertEqual(expected, WireFormat.DecodeItems(target, decoded.Payload, decoded.PayloadCount), $"{source}->{target}");
    }

    /// <summary>Decodes [PUBLISH, 1, {}, "com.t", payload…] in <paramref name="source"/> and encodes its EVENT in <paramref name="target"/>.</summary>
    private static byte[] EncodeEvent(WampSerializer source, byte[] encodedPayload, int count, WampSerializer target)
    {
        byte[] publish = PublishWith(source, encodedPayload, count);
        byte[] scratch = new byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus status = WampHeaderDecoder.TryDecode(source, publish, scratch, out MessageHeader header);
        Assert.True(status == DecodeStatus.Ok, $"{source} PUBLISH {Hex.Format(publish)} decoded as {status}");
        Assert.Equal(count, header.PayloadCount);

        using var output = new OutputBuffer(64);
        WampEncoder.Encode(output, target, new EventMessage { SubscriptionId = 5512315355, PublicationId = 4429313566, Payload = header.EncodedPayload });
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The items of <paramref name="items"/> encoded one after another, as they sit in a message (JSON: comma-separated).</summary>
    private static byte[] EncodeItems(WampSerializer serializer, JsonArray items)
    {
        if (serializer == WampSerializer.Json)
        {
            return Encoding.UTF8.GetBytes(string.Join(",", items.Select(item => item!.ToJsonString())));
        }

        return [.. items.SelectMany(item => WireFormat.Encode(serializer, item))];
    }

    /// <summary>[PUBLISH, 1, {}, "com.t", payload…] with the payload bytes spliced in unchanged.</summary>
    private static byte[] PublishWith(WampSerializer serializer, byte[] payload, int count)
    {
        int length = 4 + count;
        return serializer switch
        {
            WampSerializer.Json => [.. "[16,1,{},\"com.t\","u8, .. payload, .. "]"u8],
            WampSerializer.Cbor => [(byte)(0x80 | length), 0x10, 0x01, 0xA0, 0x65, .. "com.t"u8, .. payload],
            WampSerializer.MsgPack => [(byte)(0x90 | length), 0x10, 0x01, 0x80, 0xA5, .. "com.t"u8, .. payload],

            // An uncounted array: [U16 U1 {} SU5"com.t" payload… ].
            WampSerializer.UbJson => [(byte)'[', (byte)'U', 0x10, (byte)'U', 0x01, (byte)'{', (byte)'}', (byte)'S', (byte)'U', 0x05, .. "com.t"u8, .. payload, (byte)']'],
            _ => throw new ArgumentOutOfRangeException(nameof(serializer)),
        };
    }
}
