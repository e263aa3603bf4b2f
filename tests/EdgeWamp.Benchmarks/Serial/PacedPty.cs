using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EdgeWamp.Benchmarks.Serial;

/// <summary>
/// The device end of a pseudo-terminal, paced like a UART: bytes go out and are taken in no faster than
/// <c>baud / 10</c> per second (8N1: start bit, 8 data bits, stop bit). A pty itself ignores the baud rate, so
/// without pacing it would measure the router's CPU, not the line. Rate 0 means unpaced.
/// </summary>
internal sealed class PacedPty : IDisposable
{
    /// <summary>
    /// EDGEWAMP_BENCH_LINE=usb models a USB full-speed serial adapter, which moves bytes in 1 ms frames; the default
    /// models a bare UART, one character at a time.
    /// </summary>
    public static readonly bool UsbFrames = Environment.GetEnvironmentVariable("EDGEWAMP_BENCH_LINE") == "usb";

    // What the line may catch up on after being idle: one character (UART) or one 1 ms frame's worth (USB). Without
    // a cap, time spent idle would become a burst faster than the line.
    private readonly long _burstBytes;

    private readonly int _master;
    private readonly int _slave;
    private readonly double _bytesPerSecond;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly byte[] _inbox = new byte[1 << 20];
    private int _inboxStart;
    private int _inboxEnd;
    private long _sent;
    private long _delivered;

    public PacedPty(string linkPath, int baud)
    {
        if (OpenPty(out _master, out _slave, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
        {
            throw new InvalidOperationException("openpty failed");
        }

        byte[] termios = new byte[128];
        _ = TcGetAttr(_slave, termios);
        CfMakeRaw(termios);
        _ = TcSetAttr(_slave, 0, termios);
        _ = Fcntl(_master, 4, Fcntl(_master, 3, 0) | 0x800);
        File.CreateSymbolicLink(linkPath, new FileInfo($"/proc/self/fd/{_slave}").LinkTarget!);
        LinkPath = linkPath;
        _bytesPerSecond = baud / 10.0;
        _burstBytes = UsbFrames ? Math.Max(1, (long)(_bytesPerSecond / 1000)) : 1;
    }

    public string LinkPath { get; }

    /// <summary>Writes as much of <paramref name="data"/> as the line allows now; returns the count.</summary>
    public int WriteSome(ReadOnlySpan<byte> data)
    {
        long allowed = _bytesPerSecond == 0 ? data.Length : Budget(ref _sent);
        int take = (int)Math.Min(allowed, data.Length);
        if (take <= 0)
        {
            return 0;
        }

        nint written = Write(_master, ref MemoryMarshal.GetReference(data), take);
        if (written <= 0)
        {
            return 0;
        }

        _sent += written;
        return (int)written;
    }

    /// <summary>Takes in what the router sent, as fast as the line would have carried it.</summary>
    public ReadOnlySpan<byte> ReadSome()
    {
        if (_inboxStart == _inboxEnd)
        {
            _inboxStart = _inboxEnd = 0;
        }

        nint read = Read(_master, ref _inbox[_inboxEnd], _inbox.Length - _inboxEnd);
        if (read > 0)
        {
            _inboxEnd += (int)read;
        }

        long allowed = _bytesPerSecond == 0 ? _inboxEnd - _inboxStart : Budget(ref _delivered);
        int take = (int)Math.Min(allowed, _inboxEnd - _inboxStart);
        if (take <= 0)
        {
            return default;
        }

        ReadOnlySpan<byte> bytes = _inbox.AsSpan(_inboxStart, take);
        _inboxStart += take;
        _delivered += take;
        return bytes;
    }

    /// <summary>Bytes the line can carry now in one direction, given <paramref name="carried"/> so far (capped to a FIFO's worth).</summary>
    private long Budget(ref long carried)
    {
        long line = (long)(_clock.Elapsed.TotalSeconds * _bytesPerSecond);
        carried = Math.Max(carried, line - _burstBytes);
        return line - carried;
    }

    /// <summary>Bytes taken from the router but not yet delivered by the line.</summary>
    public bool HasUndelivered => _inboxEnd > _inboxStart;

    /// <summary>
    /// Waits for the line's next character slot when something is waiting for the line (a busy wait: a sleep is
    /// coarser than a character at 1 Mbaud, 10 us), else up to a millisecond for the router's bytes (poll returns
    /// at once when they come, so waiting adds no latency).
    /// </summary>
    public void Idle(bool linePending)
    {
        if (linePending || HasUndelivered)
        {
            Thread.Yield();
            return;
        }

        var poll = new PollFd { Fd = _master, Events = 1 };
        _ = Poll(ref poll, 1, 1);
    }

    public void Dispose()
    {
        if (Directory.Exists(Path.GetDirectoryName(LinkPath)))
        {
            File.Delete(LinkPath);
        }

        _ = Close(_master);
        _ = Close(_slave);
    }

    [DllImport("libc", EntryPoint = "openpty", SetLastError = true)]
    private static extern int OpenPty(out int master, out int slave, IntPtr name, IntPtr termios, IntPtr windowSize);

    [DllImport("libc", EntryPoint = "tcgetattr")]
    private static extern int TcGetAttr(int fd, byte[] termios);

    [DllImport("libc", EntryPoint = "tcsetattr")]
    private static extern int TcSetAttr(int fd, int actions, byte[] termios);

    [DllImport("libc", EntryPoint = "cfmakeraw")]
    private static extern void CfMakeRaw(byte[] termios);

    [DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Fcntl(int fd, int command, int argument);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint Write(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "poll")]
    private static extern int Poll(ref PollFd fds, nuint count, int timeout);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
