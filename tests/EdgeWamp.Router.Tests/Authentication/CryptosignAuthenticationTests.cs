using System.Security.Cryptography;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Tests.Testing;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace EdgeWamp.Router.Tests.Authentication;

public sealed class CryptosignAuthenticationTests : IDisposable
{
    private static readonly byte[] PrivateKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] OtherPrivateKey = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] PublicKey = PublicKeyOf(PrivateKey);
    private static readonly byte[] OtherPublicKey = PublicKeyOf(OtherPrivateKey);

    private readonly AuthenticationRouter _router = new(AuthenticationRouter.Inline(cryptosign:
    [
        new CryptosignPrincipal { AuthId = "erin", Realm = "realm1", Role = "user", PublicKeys = [OtherPublicKey, PublicKey] },
    ]));

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Authenticate_RightSignature_Welcomes(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);
        AuthenticationRouter.Hello(client, ["cryptosign"], "erin", PubKey(PublicKey));
        Dictionary<string, object?> extra = AuthenticationRouter.ExpectChallenge(client, "cryptosign");
        Assert.Null(extra["channel_binding"]);
        byte[] challenge = Convert.FromHexString((string)extra["challenge"]!);
        Assert.Equal(32, challenge.Length);

        AuthenticationRouter.Authenticate(client, SignatureWithMessage(PrivateKey, challenge));

        AuthenticationRouter.ExpectWelcome(client, "erin", "user", "cryptosign");
    }

    [Fact]
    public void Authenticate_BareSignature_Welcomes()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor);
        AuthenticationRouter.Hello(client, ["cryptosign"], "erin", PubKey(OtherPublicKey));
        byte[] challenge = Convert.FromHexString((string)AuthenticationRouter.ExpectChallenge(client, "cryptosign")["challenge"]!);

        AuthenticationRouter.Authenticate(client, Convert.ToHexStringLower(Sign(OtherPrivateKey, challenge)));

        AuthenticationRouter.ExpectWelcome(client, "erin", "user", "cryptosign");
    }

    [Fact]
    public void Hello_WithoutAuthId_ThePublicKeyIdentifiesThePrincipal()
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["cryptosign"], authExtra: PubKey(PublicKey));
        byte[] challenge = Convert.FromHexString((string)AuthenticationRouter.ExpectChallenge(client, "cryptosign")["challenge"]!);

        AuthenticationRouter.Authenticate(client, SignatureWithMessage(PrivateKey, challenge));

        AuthenticationRouter.ExpectWelcome(client, "erin", "user", "cryptosign");
    }

    [Fact]
    public void Authenticate_SignedWithAnotherKeyThanAnnounced_AbortsWithAuthenticationDenied()
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["cryptosign"], "erin", PubKey(PublicKey));
        byte[] challenge = Convert.FromHexString((string)AuthenticationRouter.ExpectChallenge(client, "cryptosign")["challenge"]!);

        AuthenticationRouter.Authenticate(client, SignatureWithMessage(OtherPrivateKey, challenge));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Authenticate_ReplayOfAnEarlierAnswer_AbortsWithAuthenticationDenied()
    {
        TestClient first = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(first, ["cryptosign"], "erin", PubKey(PublicKey));
        byte[] oldChallenge = Convert.FromHexString((string)AuthenticationRouter.ExpectChallenge(first, "cryptosign")["challenge"]!);
        string oldAnswer = SignatureWithMessage(PrivateKey, oldChallenge);
        AuthenticationRouter.Authenticate(first, oldAnswer);
        AuthenticationRouter.ExpectWelcome(first, "erin", "user", "cryptosign");

        TestClient second = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(second, ["cryptosign"], "erin", PubKey(PublicKey));
        AuthenticationRouter.ExpectChallenge(second, "cryptosign");
        AuthenticationRouter.Authenticate(second, oldAnswer);

        WampAssert.AbortedAndClosed(second, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Authenticate_EchoedMessageNotTheChallenge_AbortsWithAuthenticationDenied()
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["cryptosign"], "erin", PubKey(PublicKey));
        byte[] challenge = Convert.FromHexString((string)AuthenticationRouter.ExpectChallenge(client, "cryptosign")["challenge"]!);
        byte[] other = new byte[32];

        // A valid signature over other bytes, echoing those bytes.
        AuthenticationRouter.Authenticate(client, Convert.ToHexStringLower([.. Sign(PrivateKey, other), .. other]));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
        Assert.NotEqual(other, challenge);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("0011")]
    public void Authenticate_MalformedSignature_AbortsWithAuthenticationDenied(string signature)
    {
        TestClient client = _router.Connect(WampSerializer.Json);
        AuthenticationRouter.Hello(client, ["cryptosign"], "erin", PubKey(PublicKey));
        AuthenticationRouter.ExpectChallenge(client, "cryptosign");

        AuthenticationRouter.Authenticate(client, signature);

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Hello_UnknownKey_AbortsWithoutChallenge()
    {
        TestClient client = _router.Connect(WampSerializer.Json);

        AuthenticationRouter.Hello(client, ["cryptosign"], "erin", PubKey(PublicKeyOf(new byte[32])));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Authenticate_TlsUniqueBinding_SignsTheChallengeXorTheChannelId()
    {
        // 12 bytes, like a TLS 1.2 Finished message; the channel id is its SHA-256 (autobahn's transport_channel_id).
        byte[] tlsUnique = Enumerable.Range(7, 12).Select(i => (byte)(i * 3)).ToArray();
        TestClient client = _router.Connect(WampSerializer.Cbor, transport: new TransportInfo { Kind = TransportKind.Tcp, IsEncrypted = true, TlsUnique = tlsUnique });
        AuthenticationRouter.Hello(client, ["cryptosign"], "erin", WampValue.Map(("pubkey", Convert.ToHexStringLower(PublicKey)), ("channel_binding", "tls-unique")));
        Dictionary<string, object?> extra = AuthenticationRouter.ExpectChallenge(client, "cryptosign");
        Assert.Equal("tls-unique", extra["channel_binding"]);
        byte[] challenge = Convert.FromHexString((string)extra["challenge"]!);
        byte[] bound = challenge.Zip(SHA256.HashData(tlsUnique), (a, b) => (byte)(a ^ b)).ToArray();

        AuthenticationRouter.Authenticate(client, SignatureWithMessage(PrivateKey, bound));

        AuthenticationRouter.ExpectWelcome(client, "erin", "user", "cryptosign");
    }

    [Fact]
    public void Authenticate_TlsUniqueBindingButChallengeSignedUnbound_AbortsWithAuthenticationDenied()
    {
        byte[] tlsUnique = Enumerable.Repeat((byte)0x5A, 12).ToArray();
        TestClient client = _router.Connect(WampSerializer.Cbor, transport: new TransportInfo { Kind = TransportKind.Tcp, IsEncrypted = true, TlsUnique = tlsUnique });
        AuthenticationRouter.Hello(client, ["cryptosign"], "erin", WampValue.Map(("pubkey", Convert.ToHexStringLower(PublicKey)), ("channel_binding", "tls-unique")));
        byte[] challenge = Convert.FromHexString((string)AuthenticationRouter.ExpectChallenge(client, "cryptosign")["challenge"]!);

        // A signature made on another channel (or none) does not carry this channel's binding.
        AuthenticationRouter.Authenticate(client, SignatureWithMessage(PrivateKey, challenge));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Hello_TlsUniqueBindingWithoutTls_AbortsWithoutChallenge()
    {
        TestClient client = _router.Connect(WampSerializer.Json);

        AuthenticationRouter.Hello(client, ["cryptosign"], "erin", WampValue.Map(("pubkey", Convert.ToHexStringLower(PublicKey)), ("channel_binding", "tls-unique")));

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    private static Dictionary<string, object?> PubKey(byte[] key) => WampValue.Map(("pubkey", Convert.ToHexStringLower(key)));

    private static byte[] PublicKeyOf(byte[] privateKey)
    {
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    private static byte[] Sign(byte[] privateKey, byte[] message)
    {
        byte[] signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(privateKey, 0, message, 0, message.Length, signature, 0);
        return signature;
    }

    /// <summary>What Autobahn sends: hex(signature || signed message).</summary>
    private static string SignatureWithMessage(byte[] privateKey, byte[] message) => Convert.ToHexStringLower([.. Sign(privateKey, message), .. message]);
}
