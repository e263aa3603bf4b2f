using System.Net.Sockets;

namespace EdgeWamp.Host.Systemd;

/// <summary>
/// The sending end of sd_notify(3): datagrams such as <c>READY=1</c> to the Unix socket named by
/// <c>NOTIFY_SOCKET</c>. Disabled (every notification a no-op) when the variable is not set.
/// </summary>
/// <remarks>
/// As libsystemd does: a name starting with <c>@</c> is in the abstract namespace (the <c>@</c> stands for the
/// leading NUL byte); any other name must be an absolute path. Each notification is sent to the name, not through
/// a connected socket, so a service manager that re-created its socket (systemctl daemon-reexec) still receives it.
/// A notification that cannot be sent (the manager is gone) is reported by <see cref="Notify"/> returning false:
/// the router keeps running either way.
/// </remarks>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _manager;

    /// <summary>Sends to the socket named <paramref name="name"/> (as in <c>NOTIFY_SOCKET</c>); null or empty disables it.</summary>
    public NotifySocket(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length < 2 || (name[0] != '/' && name[0] != '@'))
        {
            return;
        }

        try
        {
            // .NET takes a leading NUL as the abstract namespace, as the kernel does.
            _manager = new UnixDomainSocketEndPoint(name[0] == '@' ? string.Concat("\0", name.AsSpan(1)) : name);
        }
        catch (ArgumentException)
        {
            // Longer than sun_path holds: libsystemd refuses such a name too.
            return;
        }

        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>sd_notify(3): the service has started (Type=notify waits for it).</summary>
    public static ReadOnlySpan<byte> Ready => "READY=1"u8;

    /// <summary>sd_notify(3): the service is beginning its shutdown.</summary>
    public static ReadOnlySpan<byte> Stopping => "STOPPING=1"u8;

    /// <summary>sd_notify(3): the keep-alive the watchdog (WatchdogSec=) waits for.</summary>
    public static ReadOnlySpan<byte> Watchdog => "WATCHDOG=1"u8;

    /// <summary>True when <c>NOTIFY_SOCKET</c> names a socket: notifications are sent.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>The socket named by this process's <c>NOTIFY_SOCKET</c>.</summary>
    public static NotifySocket FromProcess() => new(Environment.GetEnvironmentVariable(ServiceManagerEnvironment.NotifySocketVariable));

    /// <summary>Sends one notification (<c>NAME=value</c> lines); false when disabled or the manager did not take it.</summary>
    public bool Notify(ReadOnlySpan<byte> state)
    {
        if (_socket is null)
        {
            return false;
        }

        try
        {
            return _socket.SendTo(state, SocketFlags.None, _manager!) == state.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose() => _socket?.Dispose();
}
