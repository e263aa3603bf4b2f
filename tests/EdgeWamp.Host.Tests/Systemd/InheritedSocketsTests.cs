using System.Net;
using System.Net.Sockets;
using EdgeWamp.Host.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeWamp.Host.Tests.Systemd;

/// <summary>
/// Which configured listener a passed socket serves: the one bound to the same address. Real sockets on loopback;
/// the passing itself (LISTEN_FDS from fd 3) is covered by tests/deploy/test_socket_activation.py.
/// </summary>
public sealed class InheritedSocketsTests
{
    private static Socket Listening(EndPoint endPoint, bool dualMode = false)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        if (dualMode)
        {
            socket.DualMode = true;
        }

        socket.Bind(endPoint);
        socket.Listen(1);
        return socket;
    }

    [Fact]
    public void Claim_SameTcpAddress_HandsOverThatSocketOnce()
    {
        using Socket passed = Listening(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)passed.LocalEndPoint!).Port;
        using var inherited = new InheritedSockets([passed], NullLogger<InheritedSockets>.Instance);

        Assert.Null(inherited.Claim(new IPEndPoint(IPAddress.Loopback, port == 65535 ? 1 : port + 1)));
        Assert.Same(passed, inherited.Claim(new IPEndPoint(IPAddress.Loopback, port)));
        Assert.Null(inherited.Claim(new IPEndPoint(IPAddress.Loopback, port)));
        Assert.Equal(0, inherited.UnclaimedCount);
    }

    [Fact]
    public void Claim_EveryInterfaceInTheConfig_MatchesSystemdsDualStackSocket()
    {
        // "ListenStream=PORT" binds [::]:PORT dual-stack; the configuration says "*:PORT" (0.0.0.0).
        using Socket passed = Listening(new IPEndPoint(IPAddress.IPv6Any, 0), dualMode: true);
        int port = ((IPEndPoint)passed.LocalEndPoint!).Port;
        using var inherited = new InheritedSockets([passed], NullLogger<InheritedSockets>.Instance);

        Assert.Null(inherited.Claim(new IPEndPoint(IPAddress.Loopback, port)));
        Assert.Same(passed, inherited.Claim(new IPEndPoint(IPAddress.Any, port)));
    }

    [Fact]
    public void Claim_UnixSocketPath_MatchesThePath()
    {
        string directory = Directory.CreateTempSubdirectory("ew-inherited-").FullName;
        try
        {
            string path = Path.Combine(directory, "edgewamp.sock");
            using Socket passed = Listening(new UnixDomainSocketEndPoint(path));
            using var inherited = new InheritedSockets([passed], NullLogger<InheritedSockets>.Instance);

            Assert.Null(inherited.Claim(new UnixDomainSocketEndPoint(Path.Combine(directory, "other.sock"))));
            Assert.Same(passed, inherited.Claim(new UnixDomainSocketEndPoint(path)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void CloseUnclaimed_ClosesWhatNoListenerTook()
    {
        Socket passed = Listening(new IPEndPoint(IPAddress.Loopback, 0));
        var endPoint = (IPEndPoint)passed.LocalEndPoint!;
        using var inherited = new InheritedSockets([passed], NullLogger<InheritedSockets>.Instance);

        inherited.CloseUnclaimed();

        Assert.Equal(0, inherited.UnclaimedCount);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => client.Connect(endPoint));
    }
}
