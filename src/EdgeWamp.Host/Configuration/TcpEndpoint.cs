using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeWamp.Host.Configuration;

/// <summary>A listener's TCP address and port, parsed from the config's <c>host:port</c> text.</summary>
internal readonly record struct TcpEndpoint(IPAddress Address, int Port)
{
    public IPEndPoint ToIPEndPoint() => new(Address, Port);

    /// <summary>
    /// Parses <c>a.b.c.d:port</c>, <c>[ipv6]:port</c>, <c>localhost:port</c> (IPv4 loopback) or <c>*:port</c>
    /// (every IPv4 interface; IPv6 may be switched off on small boards, so <c>[::]</c> is left to be asked for).
    /// Port 0 asks the system for a free port, which tests use.
    /// </summary>
    public static bool TryParse(string text, out TcpEndpoint endpoint, out string error)
    {
        endpoint = default;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"'{text}' is not host:port (for example 127.0.0.1:8080)";
            return false;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!TryParsePort(portText, out var port))
        {
            error = $"'{portText}' is not a port number from 0 to 65535";
            return false;
        }

        if (!TryParseHost(host, out var address))
        {
            error = $"'{host}' is not an IPv4 address, a bracketed IPv6 address, 'localhost' or '*'";
            return false;
        }

        endpoint = new TcpEndpoint(address, port);
        error = "";
        return true;
    }

    private static bool TryParsePort(string text, out int port)
    {
        port = 0;
        return text.Length is > 0 and <= 5
            && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port <= IPEndPoint.MaxPort;
    }

    private static bool TryParseHost(string host, out IPAddress address)
    {
        address = IPAddress.None;
        switch (host)
        {
            case "localhost":
                address = IPAddress.Loopback;
                return true;
            case "*":
                address = IPAddress.Any;
                return true;
        }

        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
        {
            return IPAddress.TryParse(host[1..^1], out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        // IPAddress.TryParse also takes shorthand like "10.1" or "12345"; a listener address is written in full.
        var parts = host.Split('.');
        return parts.Length == 4
            && parts.All(part => part.Length is > 0 and <= 3 && part.All(char.IsAsciiDigit))
            && IPAddress.TryParse(host, out address!)
            && address.AddressFamily == AddressFamily.InterNetwork;
    }
}
