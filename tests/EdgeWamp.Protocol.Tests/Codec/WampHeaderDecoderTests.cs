using System.Text;
using System.Text.Json.Nodes;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Codec;

/// <summary>
/// Decoder edge cases, each in JSON, MessagePack, CBOR and UBJSON: messages are written as JSON text and encoded for the
/// binary serializers with the oracles (System.Formats.Cbor, <see cref="MsgPackOracle"/>, <see cref="UbJsonOracle"/>).
/// </summary>
public sealed partial class WampHeaderDecoderTests
{
    public static TheoryData<WampSerializer> Serializers => WireFormat.Serializers;

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_KwargsWithoutArgs_PayloadHoldsEmptyListAndMap(WampSerializer serializer)
    {
        DecodedMessage message = Decode(serializer, """[16,239714735,{},"com.myapp.topic",[],{"color":"orange","sizes":[23,42]}]""");

        Assert.Equal(WampMessageType.Publish, message.Type);
        Assert.Equal(2, message.PayloadCount);
        WampValue.AssertEqual(
            WampValue.Parse("""[[],{"color":"orange","sizes":[23,42]}]"""),
            WireFormat.DecodeItems(serializer, message.Payload, message.PayloadCount));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_NestedMapsInKwargs_PayloadKeepsWholeTree(WampSerializer serializer)
    {
        const string Kwargs = """{"a":{"b":{"c":[1,{"d":null,"e":[true,{"f":{}}]}]}},"g":{}}""";

        DecodedMessage message = Decode(serializer, $$"""[48,7814135,{},"com.myapp.add2",[1],{{Kwargs}}]""");

        Assert.Equal(WampMessageType.Call, message.Type);
        Assert.Equal("com.myapp.add2", message.TextString);
        WampValue.AssertEqual(
            new JsonArray(WampValue.Parse("[1]"), WampValue.Parse(Kwargs)),
            WireFormat.DecodeItems(serializer, message.Payload, message.PayloadCount));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_IdsAtTwoToThe53_Accepted(WampSerializer serializer)
    {
        DecodedMessage message = Decode(serializer, "[36,9007199254740992,9007199254740992,{}]");

        Assert.Equal(WampHeaderDecoder.MaxId, message.FirstId);
        Assert.Equal(9007199254740992UL, message.SecondId);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_IdsBeyondTwoToThe53_ReturnsIdOutOfRange(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.IdOutOfRange, TryDecode(serializer, """[32,9007199254740993,{},"com.t"]"""));
        Assert.Equal(DecodeStatus.IdOutOfRange, TryDecode(serializer, "[17,1,9007199254740993]"));
        Assert.Equal(DecodeStatus.IdOutOfRange, TryDecode(serializer, "[17,1,18446744073709551615]"));
        Assert.Equal(DecodeStatus.IdOutOfRange, TryDecode(serializer, """[8,48,9007199254740993,{},"com.e"]"""));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_UnicodeUri_TextIsUtf8(WampSerializer serializer)
    {
        byte[] wire = serializer == WampSerializer.Json
            ? Encoding.UTF8.GetBytes("[32,1,{},\"com.\u00fc.\u6c34.\U0001F600\"]")
            : WireFormat.EncodeJson(serializer, "[32,1,{},\"com.\u00fc.\u6c34.\U0001F600\"]");

        DecodedMessage message = DecodedMessage.Decode(serializer, wire);

        Assert.Equal("com.\u00fc.\u6c34.\U0001F600", message.TextString);
    }

    [Fact]
    public void TryDecode_JsonEscapedUri_TextIsUnescaped()
    {
        DecodedMessage message = Decode(WampSerializer.Json, """[32,1,{},"com.\u00fc.\ud83d\ude00.\"q\".\/x"]""");

        Assert.Equal("com.\u00fc.\U0001F600.\"q\"./x", message.TextString);
    }

    [Fact]
    public void TryDecode_JsonEscapedUriLongerThanScratch_ReturnsMalformed()
    {
        string uri = string.Concat(Enumerable.Repeat("\\u0061", WampHeaderDecoder.ScratchLength / 6 + 1));

        Assert.Equal(DecodeStatus.Malformed, TryDecode(WampSerializer.Json, $"[32,1,{{}},\"{uri}\"]"));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_BinaryInArgs_PayloadCarriesBytes(WampSerializer serializer)
    {
        // In JSON, binary is a string starting with \u0000 followed by base64 (WAMP spec, "Binary conversion of JSON Strings").
        DecodedMessage message = Decode(serializer, """[16,1,{},"com.t",["\u0000AQID","\u0000"],{"b":"\u0000/w=="}]""");

        JsonArray items = WireFormat.DecodeItems(serializer, message.Payload, message.PayloadCount);
        Assert.True(WampValue.TryGetBytes(items[0]![0], out byte[] first));
        Assert.Equal("010203", Hex.Format(first));
        Assert.True(WampValue.TryGetBytes(items[0]![1], out byte[] empty));
        Assert.Empty(empty);
        Assert.True(WampValue.TryGetBytes(items[1]!["b"], out byte[] ff));
        Assert.Equal("ff", Hex.Format(ff));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_EmptyStrings_AcceptedAsText(WampSerializer serializer)
    {
        DecodedMessage message = Decode(serializer, """[16,1,{"":""},"",[""],{"":""}]""");

        Assert.Empty(message.Text);
        WampValue.AssertEqual(WampValue.Parse("""{"":""}"""), WireFormat.Decode(serializer, message.Details));
        WampValue.AssertEqual(WampValue.Parse("""[[""],{"":""}]"""), WireFormat.DecodeItems(serializer, message.Payload, 2));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_ErrorMessage_FillsRequestTypeIdAndUri(WampSerializer serializer)
    {
        DecodedMessage message = Decode(serializer, """[8,48,7814135,{"x":1},"com.myapp.error.overflow",["too big"]]""");

        Assert.Equal(WampMessageType.Error, message.Type);
        Assert.Equal(WampMessageType.Call, message.RequestType);
        Assert.Equal(7814135UL, message.FirstId);
        Assert.Equal("com.myapp.error.overflow", message.TextString);
        Assert.Equal(1, message.PayloadCount);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_UnsubscribedWithAndWithoutDetails_DetailsAreOptional(WampSerializer serializer)
    {
        DecodedMessage bare = Decode(serializer, "[35,85346237]");
        DecodedMessage revoked = Decode(serializer, """[35,0,{"subscription":123,"reason":"wamp.authentication.lost"}]""");

        Assert.Empty(bare.Details);
        Assert.Equal(85346237UL, bare.FirstId);
        WampValue.AssertEqual(WampValue.Parse("""{"subscription":123,"reason":"wamp.authentication.lost"}"""), WireFormat.Decode(serializer, revoked.Details));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_PublishWithoutPayload_PayloadIsEmpty(WampSerializer serializer)
    {
        DecodedMessage message = Decode(serializer, """[16,1,{},"com.signal"]""");

        Assert.Equal(0, message.PayloadCount);
        Assert.Empty(message.Payload);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_NotAnArray_ReturnsNotAMessage(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.NotAMessage, TryDecode(serializer, """{"type":16}"""));
        Assert.Equal(DecodeStatus.NotAMessage, TryDecode(serializer, "16"));
        Assert.Equal(DecodeStatus.NotAMessage, TryDecode(serializer, "\"HELLO\""));
        Assert.Equal(DecodeStatus.NotAMessage, TryDecode(serializer, "null"));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_ArrayWithoutMessageCode_ReturnsNotAMessage(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.NotAMessage, TryDecode(serializer, "[]"));
        Assert.Equal(DecodeStatus.NotAMessage, TryDecode(serializer, """["HELLO","realm",{}]"""));
        Assert.Equal(DecodeStatus.NotAMessage, TryDecode(serializer, "[-1]"));
        Assert.Equal(DecodeStatus.NotAMessage, TryDecode(serializer, "[{}]"));
    }

    // A message code the codec does not know, including provisional ones beyond a byte (EVENT_RECEIVED is 337).
    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_UnknownMessageCode_ReturnsUnknownMessageType(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.UnknownMessageType, TryDecode(serializer, "[0]"));
        Assert.Equal(DecodeStatus.UnknownMessageType, TryDecode(serializer, "[7,{}]"));
        Assert.Equal(DecodeStatus.UnknownMessageType, TryDecode(serializer, "[71,1,{}]"));
        Assert.Equal(DecodeStatus.UnknownMessageType, TryDecode(serializer, "[255]"));
        Assert.Equal(DecodeStatus.UnknownMessageType, TryDecode(serializer, "[256]"));
        Assert.Equal(DecodeStatus.UnknownMessageType, TryDecode(serializer, "[337,5512315355]"));
    }

    // A first element that is not even well formed makes the message malformed, not "not a message"; so does a malformed
    // element after an unknown or missing message code.
    [Theory]
    [InlineData(WampSerializer.Json, "5b")]
    [InlineData(WampSerializer.Json, "5b30315d")]
    [InlineData(WampSerializer.Json, "5b2d5d")]
    [InlineData(WampSerializer.Json, "5b3333372c7b")]
    [InlineData(WampSerializer.Json, "5b372c30315d")]
    [InlineData(WampSerializer.Json, "5b2248454c4c4f222c30315d")]
    [InlineData(WampSerializer.Cbor, "9f")]
    [InlineData(WampSerializer.Cbor, "81")]
    [InlineData(WampSerializer.Cbor, "82190151")]
    [InlineData(WampSerializer.Cbor, "82f01c")]
    [InlineData(WampSerializer.MsgPack, "91")]
    [InlineData(WampSerializer.MsgPack, "92cd0151")]
    [InlineData(WampSerializer.MsgPack, "92a0c1")]
    [InlineData(WampSerializer.UbJson, "5b")]
    [InlineData(WampSerializer.UbJson, "5b4e")]
    [InlineData(WampSerializer.UbJson, "5b23")]
    [InlineData(WampSerializer.UbJson, "5b24")]
    [InlineData(WampSerializer.UbJson, "5b244e235501")]
    [InlineData(WampSerializer.UbJson, "5b55")]
    [InlineData(WampSerializer.UbJson, "5b5a")]
    [InlineData(WampSerializer.UbJson, "5b4901515e")]
    [InlineData(WampSerializer.UbJson, "5b5355024845")]
    public void TryDecode_MalformedAfterOrInsteadOfMessageCode_ReturnsMalformed(WampSerializer serializer, string hex)
    {
        Assert.Equal(DecodeStatus.Malformed, TryDecode(serializer, Hex.Parse(hex)));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_MissingElements_ReturnsInvalidStructure(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[1,"realm"]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[2]"));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[16,1,{}]"));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[8,48,1,{}]"));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[17,1]"));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[36,1,2]"));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[48]"));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[35]"));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_ExtraElements_ReturnsInvalidStructure(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[1,"realm",{},1]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[17,1,2,3]"));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[16,1,{},"com.t",[],{},1]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[32,1,{},"com.t",[]]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[35,1,{},{}]"));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_ArgumentsNotAList_ReturnsInvalidStructure(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[16,1,{},"com.t",{}]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[16,1,{},"com.t","args"]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[16,1,{},"com.t",null]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[50,1,{},5,{}]"""));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_ArgumentsKwNotAMap_ReturnsInvalidStructure(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[16,1,{},"com.t",[],[]]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[16,1,{},"com.t",[],"kw"]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[16,1,{},"com.t",[],null]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[70,1,{},[1],2]"""));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_ElementOfWrongType_ReturnsInvalidStructure(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[32,"1",{},"com.t"]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[32,1.5,{},"com.t"]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[32,1,[],"com.t"]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[32,1,{},5]"));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[1,"realm",null]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[8,"CALL",1,{},"com.e"]"""));
    }

    // The id is the last element, so nothing follows it that a second skip could swallow.
    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_NegativeId_ReturnsInvalidStructure(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[34,1,-1]"));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, "[67,-5]"));
    }

    // ERROR.REQUEST.Type must name a message the codec knows; 99 is an integer, just not a message code.
    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_ErrorWithUnknownRequestType_ReturnsInvalidStructure(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[8,99,1,{},"com.e"]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[8,0,1,{},"com.e"]"""));
    }

    // Payload Passthru Mode (WAMP spec, Advanced Profile): one binary item where Arguments|list belongs is the whole payload,
    // in every message that carries one.
    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_PassthruBinaryPayload_PayloadIsTheOneBinaryItem(WampSerializer serializer)
    {
        string[] messages =
        [
            """[16,1,{"ppt_scheme":"mqtt"},"com.t","\u0000AQID"]""",
            """[36,1,2,{"enc_algo":"cryptobox"},"\u0000AQID"]""",
            """[48,1,{"ppt_scheme":"wamp.eth","ppt_cipher":"xsalsa20poly1305"},"com.p","\u0000AQID"]""",
            """[68,1,2,{},"\u0000AQID"]""",
            """[70,1,{"progress":true},"\u0000AQID"]""",
            """[50,1,{},"\u0000AQID"]""",
            """[8,68,1,{},"com.e","\u0000AQID"]""",
        ];

        foreach (string json in messages)
        {
            DecodedMessage message = Decode(serializer, json);

            Assert.Equal(1, message.PayloadCount);
            Assert.True(WampValue.TryGetBytes(WireFormat.DecodeItems(serializer, message.Payload, 1)[0], out byte[] bytes), json);
            Assert.Equal("010203", Hex.Format(bytes));
        }
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_PassthruPayloadFollowedByAnotherElement_ReturnsInvalidStructure(WampSerializer serializer)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[16,1,{},"com.t","\u0000AQID",{}]"""));
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, """[50,1,{},"\u0000AQID",{"k":1}]"""));
    }

    // Values outside the WAMP data model, in the payload or in Details/Options: refused, so that routing never has to
    // transcode what another serializer cannot carry.
    [Theory]
    [InlineData(WampSerializer.Json, "[16,1,{},\"com.t\",[18446744073709551616]]")]
    [InlineData(WampSerializer.Json, "[16,1,{},\"com.t\",[],{\"a\":-9223372036854775809}]")]
    [InlineData(WampSerializer.Json, "[16,1,{\"x\":[18446744073709551616]},\"com.t\"]")]
    [InlineData(WampSerializer.Json, "[16,1,{},\"com.t\",[\"\\u0000!!\"]]")]
    [InlineData(WampSerializer.Json, "[16,1,{},\"com.t\",\"\\u0000AR==\"]")]
    public void TryDecode_JsonValueOutsideDataModel_ReturnsInvalidStructure(WampSerializer serializer, string json)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, Encoding.UTF8.GetBytes(json)));
    }

    // [PUBLISH, 1, Options, "com.t", payload…] with CBOR or MessagePack hex for the Options and the payload's items.
    [Theory]
    [InlineData(WampSerializer.Cbor, "a0", "813bffffffffffffffff", 1)]
    [InlineData(WampSerializer.Cbor, "a0", "81f0", 1)]
    [InlineData(WampSerializer.Cbor, "a0", "81f8ff", 1)]
    [InlineData(WampSerializer.Cbor, "a0", "80a10102", 2)]
    [InlineData(WampSerializer.Cbor, "a0", "8162c328", 1)]
    [InlineData(WampSerializer.Cbor, "a0", "816100", 1)]
    [InlineData(WampSerializer.Cbor, "a1617862c328", "", 0)]
    [InlineData(WampSerializer.Cbor, "a10102", "", 0)]
    [InlineData(WampSerializer.MsgPack, "80", "908101c3", 2)]
    [InlineData(WampSerializer.MsgPack, "80", "91a2c328", 1)]
    [InlineData(WampSerializer.MsgPack, "81c0c3", "", 0)]
    public void TryDecode_BinaryValueOutsideDataModel_ReturnsInvalidStructure(WampSerializer serializer, string optionsHex, string payloadHex, int payloadCount)
    {
        byte head = (byte)((serializer == WampSerializer.Cbor ? 0x80 : 0x90) | (4 + payloadCount));
        byte[] uri = Hex.Parse(serializer == WampSerializer.Cbor ? "65636f6d2e74" : "a5636f6d2e74");

        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, [head, 0x10, 0x01, .. Hex.Parse(optionsHex), .. uri, .. Hex.Parse(payloadHex)]));
    }

    // Text elements (URIs, reasons, auth methods) must be UTF-8: they are copied into messages for JSON peers.
    [Theory]
    [InlineData(WampSerializer.Cbor, "841001a062c328")]
    [InlineData(WampSerializer.MsgPack, "941001 80 a2c328")]
    [InlineData(WampSerializer.Json, "5b31362c312c7b7d2c22c328225d")]
    [InlineData(WampSerializer.UbJson, "5b551055017b7d535502c3285d")]
    public void TryDecode_InvalidUtf8Uri_ReturnsInvalidStructure(WampSerializer serializer, string hex)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, Hex.Parse(hex)));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_TrailingBytes_ReturnsTrailingData(WampSerializer serializer)
    {
        byte[] message = WireFormat.EncodeJson(serializer, "[17,1,2]");

        Assert.Equal(DecodeStatus.TrailingData, TryDecode(serializer, [.. message, .. message]));
        Assert.Equal(DecodeStatus.TrailingData, TryDecode(serializer, [.. message, (byte)'0']));
    }

    [Fact]
    public void TryDecode_JsonTrailingWhitespace_Accepted()
    {
        Assert.Equal(DecodeStatus.Ok, TryDecode(WampSerializer.Json, " \r\n\t[17 , 1 , 2 ] \r\n\t"));
    }

    // Every proper prefix of a valid message is cut off inside some value: not well formed.
    [Theory]
    [MemberData(nameof(Serializers))]
    public void TryDecode_TruncatedMessage_ReturnsMalformedForEveryPrefix(WampSerializer serializer)
    {
        byte[] message = WireFormat.EncodeJson(serializer, """[16,239714735,{"acknowledge":true},"com.myapp.topic",["Hello",1.5,null],{"k":[true]}]""");
        Assert.Equal(DecodeStatus.Ok, TryDecode(serializer, message));

        var wrong = new List<string>();
        for (int length = 0; length < message.Length; length++)
        {
            DecodeStatus status = TryDecode(serializer, message.AsSpan(0, length));
            if (status != DecodeStatus.Malformed)
            {
                wrong.Add($"{length}:{status}");
            }
        }

        Assert.True(wrong.Count == 0, $"prefixes not reported Malformed: {string.Join(", ", wrong)}");
    }

    [Theory]
    [InlineData("[16,1,{\"a\":},\"com.t\"]")]
    [InlineData("[16,1,{},\"com.t\",[1,]]")]
    [InlineData("[16,1,{},\"com.t\",[],{\"a\":1,}]")]
    [InlineData("[16,1,{},\"com.t\" [1]]")]
    [InlineData("[16,1,{},\"com.\u0001\"]")]
    [InlineData("[16,1,{},\"com.t\",[01]]")]
    [InlineData("[16,1,{},\"com.t\",[\"\\x\"]]")]
    public void TryDecode_MalformedJsonInsideMessage_ReturnsMalformed(string json)
    {
        Assert.Equal(DecodeStatus.Malformed, TryDecode(WampSerializer.Json, json));
    }

    [Theory]
    [InlineData("8510" + "01" + "a1" + "6161" + "1c" + "65636f6d2e74")]
    [InlineData("8510" + "01" + "a0" + "65636f6d2e74" + "81" + "ff")]
    [InlineData("8510" + "01" + "a0" + "65636f6d2e74" + "9f01")]
    [InlineData("8410" + "01" + "a0" + "7f6161")]
    public void TryDecode_MalformedCborInsideMessage_ReturnsMalformed(string hex)
    {
        Assert.Equal(DecodeStatus.Malformed, TryDecode(WampSerializer.Cbor, Hex.Parse(hex)));
    }

    [Theory]
    [InlineData("9510" + "01" + "81" + "a161" + "c1" + "a5636f6d2e74")]
    [InlineData("9510" + "01" + "80" + "a5636f6d2e74" + "91" + "d40100")]
    [InlineData("9410" + "01" + "80" + "a5636f6d2e")]
    public void TryDecode_MalformedMsgPackInsideMessage_ReturnsMalformed(string hex)
    {
        Assert.Equal(DecodeStatus.Malformed, TryDecode(WampSerializer.MsgPack, Hex.Parse(hex)));
    }

    // [PUBLISH, 1, Options, "com.t", payload…] in UBJSON, an uncounted message array, with hex for the Options and the payload's items.
    [Theory]
    [InlineData("7b7d", "5b48551431383434363734343037333730393535313631365d")]
    [InlineData("7b7d", "5b4855062d31653430305d")]
    [InlineData("7b7d", "5b4855054e614e3f315d")]
    [InlineData("7b7d", "5b48550230315d")]
    [InlineData("7b7d", "5b535502c3285d")]
    [InlineData("7b7d", "5b43ff5d")]
    [InlineData("7b7d", "5b43005d")]
    [InlineData("7b7d", "5b53550200415d")]
    [InlineData("7b7d", "5b24432355024180")]
    [InlineData("7b7d", "5b245a236c3fffffff")]
    [InlineData("7b550200c35a7d", "")]
    [InlineData("7b55017848550531653939397d", "")]
    public void TryDecode_UbJsonValueOutsideDataModel_ReturnsInvalidStructure(string optionsHex, string payloadHex)
    {
        byte[] message = Hex.Parse("5b" + "5510" + "5501" + optionsHex + "535505636f6d2e74" + payloadHex + "5d");

        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(WampSerializer.UbJson, message));
    }

    // [PUBLISH, 1, {}, "com.t", payload…] in UBJSON with a payload that is not well formed.
    [Theory]
    [InlineData("5b245523550501025d")]
    [InlineData("5b2355025501")]
    [InlineData("5b7b5501615d")]
    [InlineData("5b2469")]
    [InlineData("5b5369ff5d")]
    [InlineData("5b244e2355015d")]
    [InlineData("5b245d2355015d")]
    [InlineData("5b4c0001")]
    public void TryDecode_MalformedUbJsonInsideMessage_ReturnsMalformed(string payloadHex)
    {
        byte[] message = Hex.Parse("5b" + "5510" + "5501" + "7b7d" + "535505636f6d2e74" + payloadHex + "5d");

        Assert.Equal(DecodeStatus.Malformed, TryDecode(WampSerializer.UbJson, message));
    }

    [Fact]
    public void TryDecode_CountedUbJsonMessageWithNoOpsAndTypedContainers_Decodes()
    {
        // [#6 PUBLISH, N 1, N {#2 N "acknowledge": T, "exclude": [$l#1 7]}, "com.t", [$i#2 1 -1], {$T#1 "k"}] N N
        byte[] message = Hex.Parse(
            "5b235506" + "5510" + "4e5501" + "4e" + "7b235502" + "4e550b61636b6e6f776c6564676554" + "5507" + "6578636c756465" + "5b246c23550100000007"
            + "535505636f6d2e74" + "5b2469235502" + "01ff" + "7b2454235501" + "55016b" + "4e4e");

        DecodedMessage decoded = DecodedMessage.Decode(WampSerializer.UbJson, message);

        Assert.Equal(WampMessageType.Publish, decoded.Type);
        Assert.Equal(1UL, decoded.FirstId);
        Assert.Equal("com.t", decoded.TextString);
        Assert.Equal(2, decoded.PayloadCount);
        Assert.Equal("5b246923550201ff" + "7b245423550155016b", Hex.Format(decoded.Payload));
        var details = new DetailsReader(WampSerializer.UbJson, decoded.Details);
        Assert.True(details.TryGetBoolean("acknowledge"u8, out bool acknowledge) && acknowledge);
        Assert.True(details.ListContainsUInt64("exclude"u8, 7));
        WampValue.AssertEqual(WampValue.Parse("""[[1,-1],{"k":true}]"""), WireFormat.DecodeItems(WampSerializer.UbJson, decoded.Payload, 2));
    }

    // [35, 5] (UNSUBSCRIBED) as a strongly typed int8 array; as a uint8 one, which is binary and so not a message; with a
    // count that is not an integer; counted.
    [Theory]
    [InlineData("5b24692355022305", DecodeStatus.Ok)]
    [InlineData("5b24552355022305", DecodeStatus.NotAMessage)]
    [InlineData("5b2353550203", DecodeStatus.Malformed)]
    [InlineData("5b23550255235505", DecodeStatus.Ok)]
    public void TryDecode_UbJsonMessageArrayForms_DecodeOrAreRefused(string hex, DecodeStatus expected)
    {
        Assert.Equal(expected, TryDecode(WampSerializer.UbJson, Hex.Parse(hex)));
    }

    [Fact]
    public void TryDecode_IndefiniteLengthCborMessage_Decodes()
    {
        // [16, 1, {_ "acknowledge": true}, (_ "com.", "t"), [_ 1], {_ "k": 2}] with indefinite-length containers and URI.
        byte[] message = Hex.Parse("9f" + "10" + "01" + "bf6b61636b6e6f776c65646765f5ff" + "7f64636f6d2e6174ff" + "9f01ff" + "bf616b02ff" + "ff");

        DecodedMessage decoded = DecodedMessage.Decode(WampSerializer.Cbor, message);

        Assert.Equal("com.t", decoded.TextString);
        Assert.Equal("9f01ffbf616b02ff", Hex.Format(decoded.Payload));
        Assert.Equal(2, decoded.PayloadCount);
        Assert.True(new DetailsReader(WampSerializer.Cbor, decoded.Details).TryGetBoolean("acknowledge"u8, out bool acknowledge) && acknowledge);
    }

    [Fact]
    public void TryDecode_UnknownSerializer_ReturnsMalformed()
    {
        Assert.Equal(DecodeStatus.Malformed, TryDecode(WampSerializer.None, "[17,1,2]"u8.ToArray()));
    }

    private static DecodedMessage Decode(WampSerializer serializer, string json) =>
        DecodedMessage.Decode(serializer, WireFormat.EncodeJson(serializer, json));

    private static DecodeStatus TryDecode(WampSerializer serializer, string json) =>
        TryDecode(serializer, WireFormat.EncodeJson(serializer, json));

    private static DecodeStatus TryDecode(WampSerializer serializer, ReadOnlySpan<byte> message) =>
        DecodedMessage.TryDecode(serializer, message, out _);
}
