using System.Net.Sockets;
using System.Text;

namespace EdgeWamp.Host.Tests.Systemd;

/// <summary>
/// The service manager's end of sd_notify(3), as systemd has it: a Unix datagram socket, bound to a path in a fresh
/// temporary directory or to a name in the abstract namespace. <see cref="Name"/> is what goes into NOTIFY_SOCKET.
/// </summary>
internal sealed class NotifyReceiver : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string? _directory;

    public NotifyReceiver(bool abstractNamespace = false)
    {
        if (abstractNamespace)
        {
            string name = $"edgewamp-test-{Guid.NewGuid():N}";
            Name = "@" + name;
            _socket.Bind(new UnixDomainSocketEndPoint("\0" + name));
        }
        else
        {
            _directory = Directory.CreateTempSubdirectory("ew-notify-").FullName;
            Name = Path.Combine(_directory, "notify.sock");
            _socket.Bind(new UnixDomainSocketEndPoint(Name));
        }
    }

    /// <summary>The socket's name as NOTIFY_SOCKET gives it: a path, or "@" and the abstract name.</summary>
    public string Name { get; }

    /// <summary>The next datagram, or null when none arrives within <paramref name="timeout"/>.</summary>
    public string? Receive(TimeSpan timeout)
    {
        if (!_socket.Poll(timeout, SelectMode.SelectRead))
        {
            return null;
        }

        byte[] buffer = new byte[4096];
        int length = _socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>Waits for <paramref name="count"/> datagrams equal to <paramref name="expected"/> within <paramref name="timeout"/>; fails on any other.</summary>
    public bool WaitFor(string expected, int count, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        for (int i = 0; i < count; i++)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || Receive(left) is not { } message)
            {
                return false;
            }

            Xunit.Assert.Equal(expected, message);
        }

        return true;
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
