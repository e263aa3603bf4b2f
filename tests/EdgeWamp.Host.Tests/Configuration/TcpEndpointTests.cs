using System.Net;
using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class TcpEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("0.0.0.0:1", "0.0.0.0", 1)]
    [InlineData("*:443", "0.0.0.0", 443)]
    [InlineData("localhost:65535", "127.0.0.1", 65535)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("[::]:8080", "::", 8080)]
    [InlineData("[fe80::1]:0", "fe80::1", 0)]
    public void TryParse_ValidEndpoint_GivesAddressAndPort(string text, string address, int port)
    {
        Assert.True(TcpEndpoint.TryParse(text, out var endpoint, out var error), error);

        Assert.Equal(new TcpEndpoint(IPAddress.Parse(address), port), endpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endpoint.ToIPEndPoint());
    }

    [Theory]
    [InlineData("8080", "'8080' is not host:port (for example 127.0.0.1:8080)")]
    [InlineData("127.0.0.1:", "'' is not a port number from 0 to 65535")]
    [InlineData("127.0.0.1:65536", "'65536' is not a port number from 0 to 65535")]
    [InlineData("127.0.0.1:-1", "'-1' is not a port number from 0 to 65535")]
    [InlineData("127.0.0.1:80a", "'80a' is not a port number from 0 to 65535")]
    [InlineData("10.1:80", "'10.1' is not an IPv4 address, a bracketed IPv6 address, 'localhost' or '*'")]
    [InlineData("256.0.0.1:80", "'256.0.0.1' is not an IPv4 address, a bracketed IPv6 address, 'localhost' or '*'")]
    [InlineData("::1:80", "'::1' is not an IPv4 address, a bracketed IPv6 address, 'localhost' or '*'")]
    [InlineData("[127.0.0.1]:80", "'[127.0.0.1]' is not an IPv4 address, a bracketed IPv6 address, 'localhost' or '*'")]
    [InlineData("board.local:80", "'board.local' is not an IPv4 address, a bracketed IPv6 address, 'localhost' or '*'")]
    [InlineData(":80", "'' is not an IPv4 address, a bracketed IPv6 address, 'localhost' or '*'")]
    public void TryParse_InvalidEndpoint_SaysWhy(string text, string expected)
    {
        Assert.False(TcpEndpoint.TryParse(text, out _, out var error));

        Assert.Equal(expected, error);
    }
}
