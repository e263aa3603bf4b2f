using System.Runtime.InteropServices;

namespace EdgeWamp.Transports.Tests.Serial.TestSupport;

/// <summary>
/// A real pseudo-terminal pair (openpty(3)): the router opens the slave side as its "serial device" (through a
/// symlink, like /dev/serial/by-id/...), the test drives the master side as the microcontroller.
/// </summary>
internal sealed class PseudoTerminal : IDisposable
{
    private const short PollIn = 0x1;
    private const short PollOut = 0x4;
    private const int EAgain = 11;
    private const int ONonBlock = 0x800;
    private const int FSetFl = 4;
    private const int FGetFl = 3;

    private int _master;
    private int _slave;

    private PseudoTerminal(int master, int slave, string slavePath)
    {
        _master = master;
        _slave = slave;
        SlavePath = slavePath;
    }

    /// <summary>The slave device, e.g. /dev/pts/7.</summary>
    public string SlavePath { get; }

    public static PseudoTerminal Open()
    {
        if (OpenPty(out int master, out int slave, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
        {
            throw new InvalidOperationException($"openpty failed: errno {Marshal.GetLastPInvokeError()}");
        }

        // Raw at once, so nothing written before the router configures the line is echoed or translated.
        byte[] termios = new byte[128];
        if (TcGetAttr(slave, termios) != 0)
        {
            throw new InvalidOperationException("tcgetattr on the pty slave failed");
        }

        CfMakeRaw(termios);
        _ = TcSetAttr(slave, 0, termios);
        _ = Fcntl(master, FSetFl, Fcntl(master, FGetFl, 0) | ONonBlock);
        string path = new FileInfo($"/proc/self/fd/{slave}").LinkTarget ?? throw new InvalidOperationException("no pts path");
        return new PseudoTerminal(master, slave, path);
    }

    /// <summary>Writes all bytes to the master side (what the device sends).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            nint written = WriteFd(_master, ref MemoryMarshal.GetReference(data), data.Length);
            if (written > 0)
            {
                data = data[(int)written..];
                continue;
            }

            if (Marshal.GetLastPInvokeError() != EAgain)
            {
                throw new IOException($"write to pty master failed: errno {Marshal.GetLastPInvokeError()}");
            }

            var poll = new PollFd { Fd = _master, Events = PollOut };
            _ = Poll(ref poll, 1, 100);
        }
    }

    /// <summary>Reads what the router sent, waiting up to <paramref name="timeoutMilliseconds"/>; 0 when nothing came.</summary>
    public int Read(Span<byte> buffer, int timeoutMilliseconds)
    {
        var poll = new PollFd { Fd = _master, Events = PollIn };
        if (Poll(ref poll, 1, timeoutMilliseconds) <= 0 || (poll.Revents & PollIn) == 0)
        {
            return 0;
        }

        nint read = ReadFd(_master, ref MemoryMarshal.GetReference(buffer), buffer.Length);
        return read > 0 ? (int)read : 0;
    }

    /// <summary>Closes both sides: to the router the device is gone (its reads fail with EIO, poll reports a hang-up).</summary>
    public void Dispose()
    {
        int master = Interlocked.Exchange(ref _master, -1);
        int slave = Interlocked.Exchange(ref _slave, -1);
        if (master >= 0)
        {
            _ = CloseFd(master);
        }

        if (slave >= 0)
        {
            _ = CloseFd(slave);
        }
    }

    [DllImport("libc", EntryPoint = "openpty", SetLastError = true)]
    private static extern int OpenPty(out int master, out int slave, IntPtr name, IntPtr termios, IntPtr windowSize);

    [DllImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static extern int TcGetAttr(int fd, byte[] termios);

    [DllImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static extern int TcSetAttr(int fd, int actions, byte[] termios);

    [DllImport("libc", EntryPoint = "cfmakeraw")]
    private static extern void CfMakeRaw(byte[] termios);

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, int argument);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint ReadFd(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint WriteFd(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseFd(int fd);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollFd fds, nuint count, int timeout);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
