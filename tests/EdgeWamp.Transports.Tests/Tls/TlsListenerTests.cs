using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Tests.TestSupport;
using EdgeWamp.Transports.Tls;

namespace EdgeWamp.Transports.Tests.Tls;

/// <summary>
/// RawSocket inside TLS, with a real TLS client (.NET's SslStream over a loopback socket) and certificates made at
/// test time: the handshake, a message each way, what the router learns about the peer, and refusals.
/// </summary>
public sealed class TlsListenerTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = new();
    private readonly ListenerScope _scope = new();
    private readonly CancellationTokenSource _timeout = new(ListenerScope.TestTimeout);

    private CancellationToken Timeout => _timeout.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        _timeout.Dispose();
        _certificates.Dispose();
    }

    private RawSocketListener Start(ClientCertificateMode mode = ClientCertificateMode.None) => _scope.Start(ep => new RawSocketListenerOptions
    {
        EndPoint = ep,
        Tls = TlsListenerOptions.FromPemFiles(_certificates.CertificatePath, _certificates.KeyPath, mode, mode == ClientCertificateMode.None ? null : _certificates.CaPath),
    });

    private async Task<(Socket Socket, SslStream Tls)> ConnectAsync(RawSocketListener listener, SslProtocols protocols, X509Certificate2? clientCertificate = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(listener.LocalEndPoint!, Timeout);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 c && _certificates.ValidateServer(c),
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
        }, Timeout);
        return (socket, tls);
    }

    private async Task<RecordingPeer> HandshakeAsync(SslStream tls)
    {
        await tls.WriteAsync(RawSocketTestClient.Handshake(15, (byte)WampSerializer.Cbor), Timeout);
        byte[] reply = new byte[4];
        await tls.ReadExactlyAsync(reply, Timeout);
        Assert.Equal(RawSocketHandshake.Magic, reply[0]);
        Assert.Equal((byte)WampSerializer.Cbor, reply[1] & 0x0F);
        return await _scope.Peers.NextPeerAsync(Timeout);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task RawSocket_OverTls_CarriesMessagesBothWays(SslProtocols protocol)
    {
        RawSocketListener listener = Start();
        (Socket socket, SslStream tls) = await ConnectAsync(listener, protocol);
        using (socket)
        await using (tls)
        {
            RecordingPeer peer = await HandshakeAsync(tls);
            await tls.WriteAsync(RawSocketTestClient.Frame(RawSocketFrameType.Regular, "hello"u8), Timeout);
            byte[] received = await peer.ReceiveAsync(Timeout);
            Assert.Equal(WriteResult.Written, peer.Connection.TryWrite("welcome"u8));
            byte[] frame = new byte[4 + 7];
            await tls.ReadExactlyAsync(frame, Timeout);

            Assert.Equal(protocol, tls.SslProtocol);
            Assert.Equal("hello"u8.ToArray(), received);
            Assert.Equal("welcome"u8.ToArray(), frame[4..]);
            TransportInfo info = peer.Connection.Transport;
            Assert.Equal(TransportKind.Tcp, info.Kind);
            Assert.True(info.IsEncrypted);
            Assert.Equal(IPAddress.Loopback, info.RemoteAddress);
            Assert.Null(info.ClientCertificate);
            Assert.StartsWith("tls ", peer.Connection.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TlsUnique_Tls12_IsTheBindingTheClientSees()
    {
        RawSocketListener listener = Start();
        (Socket socket, SslStream tls) = await ConnectAsync(listener, SslProtocols.Tls12);
        using (socket)
        await using (tls)
        {
            RecordingPeer peer = await HandshakeAsync(tls);
            ReadOnlyMemory<byte> clientSide = TlsChannelBinding.ReadUnique(tls);

            // tls-unique is the first Finished message's verify_data: 12 octets in TLS 1.2 (RFC 5246, section 7.4.9).
            Assert.Equal(12, peer.Connection.Transport.TlsUnique.Length);
            Assert.Equal(clientSide.ToArray(), peer.Connection.Transport.TlsUnique.ToArray());
        }
    }

    [Fact]
    public async Task TlsUnique_Tls13_IsEmpty()
    {
        RawSocketListener listener = Start();
        (Socket socket, SslStream tls) = await ConnectAsync(listener, SslProtocols.Tls13);
        using (socket)
        await using (tls)
        {
            RecordingPeer peer = await HandshakeAsync(tls);

            // RFC 9266: TLS 1.3 defines no tls-unique (OpenSSL would still return a Finished message).
            Assert.Equal(SslProtocols.Tls13, tls.SslProtocol);
            Assert.True(peer.Connection.Transport.TlsUnique.IsEmpty);
        }
    }

    [Fact]
    public async Task ClientCertificate_Required_TrustedCertificateReachesTheTransportInfo()
    {
        RawSocketListener listener = Start(ClientCertificateMode.Required);
        (Socket socket, SslStream tls) = await ConnectAsync(listener, SslProtocols.Tls13, _certificates.Client);
        using (socket)
        await using (tls)
        {
            RecordingPeer peer = await HandshakeAsync(tls);

            X509Certificate2? presented = peer.Connection.Transport.ClientCertificate;
            Assert.NotNull(presented);
            Assert.Equal(_certificates.Client.Thumbprint, presented.Thumbprint);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClientCertificate_Required_MissingOrUntrusted_IsRefused(bool untrusted)
    {
        RawSocketListener listener = Start(ClientCertificateMode.Required);
        // TLS 1.2: the server's verdict on the client certificate ends the handshake itself (in TLS 1.3 it may come
        // after the client considers the handshake done, so the first read fails instead).
        Exception failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            (Socket socket, SslStream tls) = await ConnectAsync(listener, SslProtocols.Tls12, untrusted ? _certificates.UntrustedClient : null);
            using (socket)
            await using (tls)
            {
                await tls.WriteAsync(RawSocketTestClient.Handshake(15, (byte)WampSerializer.Cbor), Timeout);
                byte[] reply = new byte[4];
                await tls.ReadExactlyAsync(reply, Timeout);
            }
        });

        Assert.IsNotType<OperationCanceledException>(failure);
        Assert.False(_scope.Peers.TryNextPeer(out _));
        Assert.True(SpinWait.SpinUntil(() => listener.ConnectionCount == 0, TimeSpan.FromSeconds(5)));
        Assert.True(_scope.Log.Contains(3102), "the failed TLS handshake was not logged");
    }

    [Fact]
    public async Task ClientCertificate_Optional_NoCertificateIsAdmitted()
    {
        RawSocketListener listener = Start(ClientCertificateMode.Optional);
        (Socket socket, SslStream tls) = await ConnectAsync(listener, SslProtocols.Tls13);
        using (socket)
        await using (tls)
        {
            RecordingPeer peer = await HandshakeAsync(tls);

            Assert.True(peer.Connection.Transport.IsEncrypted);
            Assert.Null(peer.Connection.Transport.ClientCertificate);
        }
    }

    [Fact]
    public async Task PlainRawSocket_OnTlsListener_IsRefusedWithoutDisturbingIt()
    {
        RawSocketListener listener = Start();
        using (var plain = await RawSocketTestClient.ConnectAsync(listener.LocalEndPoint!, Timeout))
        {
            await plain.SendAsync(RawSocketTestClient.Handshake(15, (byte)WampSerializer.Cbor), Timeout);
            await plain.ReceiveUntilClosedAsync(Timeout);
        }

        (Socket socket, SslStream tls) = await ConnectAsync(listener, SslProtocols.Tls13);
        using (socket)
        await using (tls)
        {
            RecordingPeer peer = await HandshakeAsync(tls);
            Assert.True(peer.Connection.Transport.IsEncrypted);
        }
    }

    [Fact]
    public void FromPemFiles_KeyOfAnotherCertificate_Throws()
    {
        string otherKey = Path.Combine(_certificates.Directory.FullName, "other.key");
        using (System.Security.Cryptography.RSA key = System.Security.Cryptography.RSA.Create(2048))
        {
            File.WriteAllText(otherKey, key.ExportPkcs8PrivateKeyPem());
        }

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            TlsListenerOptions.FromPemFiles(_certificates.CertificatePath, otherKey, ClientCertificateMode.None, null));
    }
}
