using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Systemd;

/// <summary>
/// The listening sockets systemd passed (socket activation: <c>edgewamp.socket</c>, <c>LISTEN_FDS</c>), handed to
/// the listener whose configured address each is bound to.
/// </summary>
/// <remarks>
/// Matching is by the bound address, so the configuration stays the one source of what is served and with which
/// settings: a socket unit line <c>ListenStream=127.0.0.1:8080</c> serves the listener <c>"tcp": "127.0.0.1:8080"</c>.
/// A listener with no passed socket binds its address itself; a passed socket no listener claims is closed
/// (and logged) when the router has started.
/// </remarks>
internal sealed class InheritedSockets : IDisposable
{
    private readonly List<Socket> _unclaimed = [];
    private readonly ILogger _logger;

    /// <summary>Takes the sockets passed to this process, closing nothing yet; each belongs to this object until claimed.</summary>
    public InheritedSockets(ServiceManagerEnvironment environment, ILogger<InheritedSockets> logger)
    {
        _logger = logger;
        for (int i = 0; i < environment.ListenFdCount; i++)
        {
            int fd = ServiceManagerEnvironment.FirstListenFd + i;
            try
            {
                _unclaimed.Add(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));
            }
            catch (SocketException exception)
            {
                // Not a socket (ENOTSOCK) or not open (EBADF): a broken unit, not a reason to refuse to start.
                _logger.InheritedFdUnusable(fd, exception.Message);
            }
        }

        // sd_listen_fds(3) with unset_environment: a child process must not take these for its own.
        Environment.SetEnvironmentVariable(ServiceManagerEnvironment.ListenFdsVariable, null);
        Environment.SetEnvironmentVariable(ServiceManagerEnvironment.ListenPidVariable, null);
        Environment.SetEnvironmentVariable(ServiceManagerEnvironment.ListenFdNamesVariable, null);
    }

    /// <summary>Holds <paramref name="sockets"/> as if they had been passed (for tests).</summary>
    internal InheritedSockets(IEnumerable<Socket> sockets, ILogger<InheritedSockets> logger)
    {
        _logger = logger;
        _unclaimed.AddRange(sockets);
    }

    /// <summary>The passed sockets no listener has claimed yet.</summary>
    public int UnclaimedCount => _unclaimed.Count;

    /// <summary>
    /// Takes the passed socket bound to <paramref name="endPoint"/>, if there is one: it is then the caller's.
    /// </summary>
    public Socket? Claim(EndPoint endPoint)
    {
        for (int i = 0; i < _unclaimed.Count; i++)
        {
            if (IsBoundTo(_unclaimed[i], endPoint))
            {
                Socket socket = _unclaimed[i];
                _unclaimed.RemoveAt(i);
                _logger.InheritedSocketUsed(Describe(endPoint));
                return socket;
            }
        }

        return null;
    }

    /// <summary>Closes every passed socket no listener claimed, saying which: the socket unit and the configuration disagree.</summary>
    public void CloseUnclaimed()
    {
        foreach (Socket socket in _unclaimed)
        {
            _logger.InheritedSocketUnclaimed(socket.LocalEndPoint is { } bound ? Describe(bound) : "(unbound)");
            socket.Dispose();
        }

        _unclaimed.Clear();
    }

    public void Dispose()
    {
        foreach (Socket socket in _unclaimed)
        {
            socket.Dispose();
        }

        _unclaimed.Clear();
    }

    private static bool IsBoundTo(Socket socket, EndPoint endPoint)
    {
        EndPoint? bound;
        try
        {
            bound = socket.LocalEndPoint;
        }
        catch (SocketException)
        {
            return false;
        }

        return (bound, endPoint) switch
        {
            (UnixDomainSocketEndPoint unix, UnixDomainSocketEndPoint wanted) =>
                string.Equals(Path.GetFullPath(unix.ToString()), Path.GetFullPath(wanted.ToString()), StringComparison.Ordinal),
            (IPEndPoint ip, IPEndPoint wanted) => ip.Port == wanted.Port
                && (Normalize(ip.Address).Equals(Normalize(wanted.Address)) || (IsAny(ip.Address) && IsAny(wanted.Address))),
            _ => false,
        };
    }

    // systemd binds "ListenStream=8080" as a dual-stack [::]:8080; an IPv4 address may come back IPv4-mapped.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    // "*:8080" in the configuration and "ListenStream=8080" (dual-stack [::]) in the socket unit both mean every interface.
    private static bool IsAny(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static string Describe(EndPoint endPoint) => endPoint is UnixDomainSocketEndPoint ? $"unix:{endPoint}" : $"tcp://{endPoint}";
}
