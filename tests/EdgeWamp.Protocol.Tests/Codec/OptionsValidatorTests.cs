using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Tests.TestSupport;

namespace EdgeWamp.Protocol.Tests.Codec;

/// <summary>
/// The decoder's check of known Options/Details entries, beyond the spec test vectors' samples (WampTestSuiteVectorTests):
/// every message type with a table, in every serializer. Messages are JSON text, encoded by the oracles.
/// </summary>
public sealed class OptionsValidatorTests
{
    private static readonly string[] ValidMessages =
    [
        """[48,1,{"timeout":0,"receive_progress":true,"progress":false,"disclose_me":true},"com.p"]""",
        """[68,1,2,{"caller":9007199254740992,"caller_authid":"a","caller_authrole":"r","procedure":"com.p","trustlevel":2,"timeout":10},[]]""",
        """[70,1,{"progress":true},[1]]""",
        """[50,1,{"progress":true},[1]]""",
        """[8,48,1,{"ppt_scheme":"wamp.eth","ppt_serializer":"cbor","ppt_cipher":"xsalsa20poly1305","ppt_keyid":"k"},"com.e"]""",
        """[64,1,{"match":"wildcard","disclose_caller":true,"concurrency":4,"force_reregister":false},"com.p"]""",

        // The dealer, not the decoder, judges router choices: an unknown invoke policy or cancel mode is a string all the same.
        """[64,1,{"invoke":"bogus"},"com.p"]""",
        """[49,1,{"mode":"anything"}]""",
        """[69,1,{"mode":"kill","reason":"wamp.error.canceled"}]""",
        """[32,1,{"match":"prefix","get_retained":true},"com.t"]""",
        """[16,1,{"forward_for":[{"session":1,"authid":"r1","authrole":"router","extra":[1]},{"authrole":"r","authid":"a","session":2}]},"com.t"]""",
        """[16,1,{"enc_algo":"x_my_algo","enc_serializer":"x_","enc_key":"k"},"com.t"]""",
        """[16,1,{"enc_algo":"null","enc_serializer":"opaque"},"com.t"]""",
        """[16,1,{"x_custom":[1,{"a":null}],"unknown":{"deep":[1.5,"s"]},"exclude":[],"eligible":[0,9007199254740992]},"com.t"]""",
        """[36,1,2,{"publisher":5,"topic":"com.t","retained":false,"trustlevel":0},[]]""",
        """[35,0,{"subscription":123,"reason":"wamp.authentication.lost"}]""",
        """[67,0,{"registration":123,"reason":"wamp.authentication.lost"}]""",

        // HELLO, WELCOME, ABORT, GOODBYE, CHALLENGE and AUTHENTICATE have no table: their Details are the session's business.
        """[1,"realm",{"roles":{"subscriber":{}},"acknowledge":"not an option of HELLO"}]""",
        """[6,{"message":5},"wamp.close.normal"]""",
    ];

    private static readonly string[] InvalidMessages =
    [
        """[48,1,{"timeout":-1},"com.p"]""",
        """[48,1,{"timeout":1.5},"com.p"]""",
        """[48,1,{"receive_progress":"yes"},"com.p"]""",
        """[48,1,{"disclose_me":null},"com.p"]""",
        """[68,1,2,{"caller":"x"},[]]""",
        """[68,1,2,{"caller":9007199254740993},[]]""",
        """[68,1,2,{"procedure":1},[]]""",
        """[70,1,{"progress":1},[1]]""",
        """[50,1,{"ppt_scheme":5},[1]]""",
        """[8,48,1,{"ppt_cipher":true},"com.e"]""",
        """[64,1,{"match":"regex"},"com.p"]""",
        """[64,1,{"invoke":5},"com.p"]""",
        """[64,1,{"concurrency":-2},"com.p"]""",
        """[49,1,{"mode":1}]""",
        """[69,1,{"mode":null}]""",
        """[32,1,{"match":["exact"]},"com.t"]""",
        """[16,1,{"forward_for":[{"session":1,"authid":"r1"}]},"com.t"]""",
        """[16,1,{"forward_for":[1]},"com.t"]""",
        """[16,1,{"forward_for":[{"session":"1","authid":"r1","authrole":"router"}]},"com.t"]""",
        """[16,1,{"forward_for":{"session":1,"authid":"r1","authrole":"router"}},"com.t"]""",
        """[16,1,{"enc_algo":"x_A"},"com.t"]""",
        """[16,1,{"enc_algo":"x_a"},"com.t"]""",
        """[16,1,{"enc_serializer":"yaml"},"com.t"]""",
        """[16,1,{"exclude":[-1]},"com.t"]""",
        """[16,1,{"eligible":[1.5]},"com.t"]""",
        """[16,1,{"exclude_authrole":["a",1]},"com.t"]""",
        """[36,1,2,{"publisher_authid":"\u0000AQID"},[]]""",
        """[36,1,2,{"trustlevel":-1},[]]""",
        """[35,0,{"subscription":"x"}]""",
        """[67,0,{"reason":5}]""",
    ];

    public static TheoryData<WampSerializer, string> ValidCases() => Cross(ValidMessages);

    public static TheoryData<WampSerializer, string> InvalidCases() => Cross(InvalidMessages);

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void TryDecode_KnownEntriesOfTheirSpecType_Accepted(WampSerializer serializer, string json)
    {
        Assert.Equal(DecodeStatus.Ok, TryDecode(serializer, WireFormat.EncodeJson(serializer, json)));
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void TryDecode_KnownEntryOfWrongTypeOrValue_ReturnsInvalidStructure(WampSerializer serializer, string json)
    {
        Assert.Equal(DecodeStatus.InvalidStructure, TryDecode(serializer, WireFormat.EncodeJson(serializer, json)));
    }

    // JSON keys and values are compared unescaped.
    [Theory]
    [InlineData("""[16,1,{"\u0061cknowledge":true,"enc_algo":"\u0063ryptobox"},"com.t"]""", DecodeStatus.Ok)]
    [InlineData("""[16,1,{"\u0061cknowledge":1},"com.t"]""", DecodeStatus.InvalidStructure)]
    [InlineData("""[32,1,{"match":"\u0065xact"},"com.t"]""", DecodeStatus.Ok)]
    [InlineData("""[32,1,{"match":"\u0065xactly"},"com.t"]""", DecodeStatus.InvalidStructure)]
    public void TryDecode_EscapedJsonKeyOrValue_ComparedUnescaped(string json, DecodeStatus expected)
    {
        Assert.Equal(expected, TryDecode(WampSerializer.Json, Encoding.UTF8.GetBytes(json)));
    }

    // An escaped key too long to be a known one is skipped unread, and the entries after it are still checked.
    [Theory]
    [InlineData("true", DecodeStatus.Ok)]
    [InlineData("\"yes\"", DecodeStatus.InvalidStructure)]
    public void TryDecode_LongEscapedUnknownKey_SkippedAndLaterEntriesChecked(string acknowledge, DecodeStatus expected)
    {
        string longKey = string.Concat(Enumerable.Repeat("\\u0061", 200));
        string json = $$"""[16,1,{"{{longKey}}":{"nested":[1]},"acknowledge":{{acknowledge}}},"com.t"]""";

        Assert.Equal(expected, TryDecode(WampSerializer.Json, Encoding.UTF8.GetBytes(json)));
    }

    private static TheoryData<WampSerializer, string> Cross(string[] messages)
    {
        var data = new TheoryData<WampSerializer, string>();
        foreach (string message in messages)
        {
            foreach (WampSerializer serializer in WireFormat.All)
            {
                data.Add(serializer, message);
            }
        }

        return data;
    }

    private static DecodeStatus TryDecode(WampSerializer serializer, byte[] message) =>
        DecodedMessage.TryDecode(serializer, message, out _);
}
