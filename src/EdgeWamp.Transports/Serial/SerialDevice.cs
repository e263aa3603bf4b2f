using System.Runtime.InteropServices;

namespace EdgeWamp.Transports.Serial;

/// <summary>
/// An open serial device: a non-blocking file descriptor in raw mode, read and written through <c>poll</c> so that
/// waits end on time and a vanished device shows as <see cref="SerialWait.Gone"/>. One reader thread and one writer
/// thread may use it at once; <see cref="Dispose"/> only after both have stopped.
/// </summary>
internal sealed class SerialDevice : IDisposable
{
    private int _fd;

    private SerialDevice(int fd)
    {
        _fd = fd;
    }

    /// <summary>Opens and configures the device; null with <paramref name="error"/> set when it cannot.</summary>
    public static SerialDevice? TryOpen(SerialPortSettings settings, out string error)
    {
        int fd = Libc.Open(settings.Device, Libc.ORdWr | Libc.ONoCtty | Libc.ONonBlock | Libc.OCloExec);
        if (fd < 0)
        {
            error = $"open failed (errno {Marshal.GetLastPInvokeError()})";
            return null;
        }

        // Exclusive use: a second edgewamp, or a modem manager probing ports, gets EBUSY instead of stealing bytes.
        _ = Libc.Ioctl(fd, Libc.TiocExcl);
        if (Termios.Apply(fd, settings) is { } problem)
        {
            _ = Libc.Close(fd);
            error = problem;
            return null;
        }

        // Bytes that arrived while no one had the device open are stale (a previous session's tail, boot noise,
        // handshakes the device repeated while waiting): the device repeats its handshake until it is answered.
        _ = Libc.TcFlush(fd, Libc.TciFlush);
        error = string.Empty;
        return new SerialDevice(fd);
    }

    /// <summary>Waits until bytes can be read (or written), the device is gone, or the timeout passes.</summary>
    public SerialWait Wait(bool forWriting, int timeoutMilliseconds)
    {
        var poll = new Libc.PollFd { Fd = _fd, Events = forWriting ? Libc.PollOut : Libc.PollIn };
        int ready = Libc.Poll(ref poll, 1, timeoutMilliseconds);
        if (ready < 0)
        {
            return Marshal.GetLastPInvokeError() == Libc.EIntr ? SerialWait.Timeout : SerialWait.Gone;
        }

        if (ready == 0)
        {
            return SerialWait.Timeout;
        }

        // Bytes still buffered are read before a hang-up is believed.
        if ((poll.Revents & (forWriting ? Libc.PollOut : Libc.PollIn)) != 0)
        {
            return SerialWait.Ready;
        }

        return (poll.Revents & (Libc.PollHup | Libc.PollErr | Libc.PollNval)) != 0 ? SerialWait.Gone : SerialWait.Timeout;
    }

    /// <summary>Reads what is available: the byte count, 0 when nothing is, -1 when the device is gone.</summary>
    public int Read(Span<byte> buffer)
    {
        nint read = Libc.Read(_fd, ref MemoryMarshal.GetReference(buffer), buffer.Length);
        if (read > 0)
        {
            return (int)read;
        }

        if (read < 0 && Marshal.GetLastPInvokeError() is Libc.EAgain or Libc.EIntr)
        {
            return 0;
        }

        // 0 from a non-blocking tty read means hang-up; EIO means the other end is gone.
        return -1;
    }

    /// <summary>Writes all of <paramref name="data"/>; false when the device went away or <paramref name="stopping"/> was set first.</summary>
    public bool WriteAll(ReadOnlySpan<byte> data, Func<bool> stopping)
    {
        while (!data.IsEmpty)
        {
            nint written = Libc.Write(_fd, ref MemoryMarshal.GetReference(data), data.Length);
            if (written > 0)
            {
                data = data[(int)written..];
                continue;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (written < 0 && errno is not (Libc.EAgain or Libc.EIntr))
            {
                return false;
            }

            // The kernel's transmit buffer is full (or RTS/CTS holds the line): wait until it drains.
            do
            {
                if (stopping())
                {
                    return false;
                }
            }
            while (Wait(forWriting: true, 100) == SerialWait.Timeout);
        }

        return true;
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Libc.Close(fd);
        }
    }
}
