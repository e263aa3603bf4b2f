using System.Text;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Tests.Messages;

/// <summary>CHALLENGE, AUTHENTICATE and WELCOME.Details.authextra as written, checked as JSON text and by decoding.</summary>
public sealed class AuthenticationMessagesTests
{
    [Fact]
    public void Challenge_Json_IsTheSpecsLayout()
    {
        string json = Encode(WampSerializer.Json, new ChallengeMessage
        {
            AuthMethod = "wampcra"u8,
            Extra = [new AuthExtraEntry("challenge", "{\"nonce\":\"x\"}"), new AuthExtraEntry("iterations", Number: 1000), new AuthExtraEntry("channel_binding")],
        });

        Assert.Equal("""[4,"wampcra",{"challenge":"{\"nonce\":\"x\"}","iterations":1000,"channel_binding":null}]""", json);
    }

    [Theory]
    [InlineData(WampSerializer.Json)]
    [InlineData(WampSerializer.MsgPack)]
    [InlineData(WampSerializer.Cbor)]
    public void Authenticate_DecodesAsSignatureAndExtra(WampSerializer serializer)
    {
        byte[] encoded = EncodeBytes(serializer, new AuthenticateMessage { Signature = "c2lnbmF0dXJl"u8, Extra = [new AuthExtraEntry("nonce", "abc")] });

        Span<byte> scratch = new byte[WampHeaderDecoder.ScratchLength];
        Assert.Equal(DecodeStatus.Ok, WampHeaderDecoder.TryDecode(serializer, encoded, scratch, out MessageHeader header));
        Assert.Equal(WampMessageType.Authenticate, header.Type);
        Assert.Equal("c2lnbmF0dXJl", Encoding.UTF8.GetString(header.Text));
        Assert.True(header.DetailsReader.TryGetString("nonce"u8, new byte[64], out ReadOnlySpan<byte> nonce));
        Assert.Equal("abc", Encoding.UTF8.GetString(nonce));
    }

    [Fact]
    public void Welcome_WithAuthExtra_WritesItAfterAuthProvider()
    {
        string json = Encode(WampSerializer.Json, new WelcomeMessage
        {
            SessionId = 9,
            AuthId = "dave"u8,
            AuthRole = "user"u8,
            AuthMethod = "wamp-scram"u8,
            AuthProvider = "static"u8,
            Roles = RouterRoles.BasicProfile,
            AuthExtra = [new AuthExtraEntry("verifier", "djE=")],
        });

        Assert.EndsWith("""
            "authid":"dave","authrole":"user","authmethod":"wamp-scram","authprovider":"static","authextra":{"verifier":"djE="}}]
            """, json, StringComparison.Ordinal);
    }

    [Fact]
    public void Welcome_WithoutAuthExtra_HasNoAuthExtraKey()
    {
        string json = Encode(WampSerializer.Json, new WelcomeMessage { SessionId = 9, Roles = RouterRoles.BasicProfile });

        Assert.DoesNotContain("authextra", json, StringComparison.Ordinal);
    }

    private static string Encode<TMessage>(WampSerializer serializer, in TMessage message)
        where TMessage : IWampMessage, allows ref struct => Encoding.UTF8.GetString(EncodeBytes(serializer, message));

    private static byte[] EncodeBytes<TMessage>(WampSerializer serializer, in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        using var buffer = new OutputBuffer();
        WampEncoder.Encode(buffer, serializer, message);
        return buffer.WrittenSpan.ToArray();
    }
}
