using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Tests.TestSupport;

namespace EdgeWamp.Transports.Tests.RawSocket;

/// <summary>The RawSocket conformance suite over Unix domain sockets in a temporary directory, plus the socket file's life.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class UnixRawSocketTests : TransportConformanceTests
{
    // Short names: a Unix socket path is limited to 108 octets.
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ew-");
    private int _next;

    protected override EndPoint CreateEndPoint() => new UnixDomainSocketEndPoint(NextPath());

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            _directory.Delete(recursive: true);
        }
    }

    private string NextPath() => Path.Combine(_directory.FullName, $"r{_next++}.sock");

    [Fact]
    public async Task DisposeAsync_RemovesTheSocketFile()
    {
        string path = NextPath();
        RawSocketListener listener = StartListener(endPoint: new UnixDomainSocketEndPoint(path));
        Assert.True(File.Exists(path));

        await DisposeListenerAsync(listener);

        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    public async Task Start_WithUnixFileMode_SocketFileHasThatMode(UnixFileMode mode)
    {
        string path = NextPath();
        RawSocketListener listener = StartListener(ep => new RawSocketListenerOptions { EndPoint = ep, UnixFileMode = mode }, new UnixDomainSocketEndPoint(path));

        Assert.Equal(mode, File.GetUnixFileMode(path));
        (_, RecordingPeer peer) = await OpenAsync(listener);
        Assert.Equal(WampSerializer.Cbor, peer.Connection.Serializer);
    }

    [Fact]
    public async Task Start_StaleSocketFileAtThePath_BindsAndAccepts()
    {
        string path = NextPath();
        CreateStaleSocketFile(path);
        var refused = await Assert.ThrowsAsync<SocketException>(() => RawSocketTestClient.ConnectAsync(new UnixDomainSocketEndPoint(path), Timeout));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        RawSocketListener listener = StartListener(endPoint: new UnixDomainSocketEndPoint(path));

        (_, RecordingPeer peer) = await OpenAsync(listener);
        Assert.Equal(WampSerializer.Cbor, peer.Connection.Serializer);
    }

    /// <summary>
    /// A socket file with nothing listening, as a crashed router leaves behind. .NET deletes the file of a socket it bound
    /// when that socket is disposed, so the file is bound under another name and renamed into place first.
    /// </summary>
    private void CreateStaleSocketFile(string path)
    {
        string bound = NextPath();
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            socket.Listen();
            File.Move(bound, path);
        }

        Assert.True(File.Exists(path));
    }
}
