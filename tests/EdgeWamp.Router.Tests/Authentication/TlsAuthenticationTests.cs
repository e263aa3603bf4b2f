using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Authentication;

public sealed class TlsAuthenticationTests : IDisposable
{
    private readonly X509Certificate2 _pi7 = SelfSigned("CN=pi7, O=Example");
    private readonly X509Certificate2 _sensor = SelfSigned("CN=sensor-12, O=Example");
    private readonly X509Certificate2 _stranger = SelfSigned("CN=stranger");
    private readonly AuthenticationRouter _router;

    public TlsAuthenticationTests()
    {
        _router = new AuthenticationRouter(AuthenticationRouter.Inline(tls:
        [
            new TlsPrincipal { AuthId = "pi7", Realm = "realm1", Role = "user" },
            new TlsPrincipal { AuthId = "sensors", Realm = "realm1", Role = "reader", Thumbprint = Convert.ToHexStringLower(_sensor.GetCertHash(HashAlgorithmName.SHA256)) },
            new TlsPrincipal { AuthId = "mapped", Realm = "other", Role = "user", Subject = "CN=pi7, O=Example" },
        ]));
    }

    public void Dispose()
    {
        _router.Dispose();
        _pi7.Dispose();
        _sensor.Dispose();
        _stranger.Dispose();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Hello_CertificateWhoseCommonNameIsAnAuthId_WelcomesWithoutChallenge(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer, transport: Tls(_pi7));

        AuthenticationRouter.Hello(client, ["tls"]);

        AuthenticationRouter.ExpectWelcome(client, "pi7", "user", "tls");
    }

    [Fact]
    public void Hello_CertificateMappedByThumbprint_GetsTheMappedAuthId()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor, transport: Tls(_sensor));

        AuthenticationRouter.Hello(client, ["tls"]);

        AuthenticationRouter.ExpectWelcome(client, "sensors", "reader", "tls");
    }

    [Fact]
    public void Hello_CertificateMappedBySubject_GetsTheMappedAuthIdInThatRealm()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor, transport: Tls(_pi7));

        AuthenticationRouter.Hello(client, ["tls"], realm: "other");

        AuthenticationRouter.ExpectWelcome(client, "mapped", "user", "tls");
    }

    [Fact]
    public void Hello_UnknownCertificate_Aborts()
    {
        TestClient client = _router.Connect(WampSerializer.Json, transport: Tls(_stranger));

        AuthenticationRouter.Hello(client, ["tls"]);

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Hello_NoClientCertificate_Aborts()
    {
        TestClient client = _router.Connect(WampSerializer.Json, transport: new TransportInfo { Kind = TransportKind.Tcp, IsEncrypted = true });

        AuthenticationRouter.Hello(client, ["tls"]);

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    [Fact]
    public void Hello_AuthIdOfAnotherPrincipal_Aborts()
    {
        TestClient client = _router.Connect(WampSerializer.Json, transport: Tls(_pi7));

        AuthenticationRouter.Hello(client, ["tls"], "sensors");

        WampAssert.AbortedAndClosed(client, "wamp.error.authentication_denied");
    }

    private static TransportInfo Tls(X509Certificate2 certificate) =>
        new() { Kind = TransportKind.Tcp, IsEncrypted = true, ClientCertificate = certificate };

    private static X509Certificate2 SelfSigned(string subject)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
    }
}
