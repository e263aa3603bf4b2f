using System.Net;
using EdgeWamp.Transports.RawSocket;

namespace EdgeWamp.Transports.Tests.RawSocket;

/// <summary>The RawSocket conformance suite over TCP on the loopback address, with a port the system picks.</summary>
public sealed class TcpRawSocketTests : TransportConformanceTests
{
    protected override EndPoint CreateEndPoint() => new IPEndPoint(IPAddress.Loopback, 0);

    [Fact]
    public void Start_Port0_LocalEndPointHasTheChosenPort()
    {
        RawSocketListener listener = StartListener();

        var endPoint = Assert.IsType<IPEndPoint>(listener.LocalEndPoint);
        Assert.Equal(IPAddress.Loopback, endPoint.Address);
        Assert.NotEqual(0, endPoint.Port);
    }
}
