using System.Runtime.InteropServices;

namespace EdgeWamp.Transports.Serial;

/// <summary>
/// The few libc calls a serial line needs (open, poll, read, write, termios). <c>DllImport</c> rather than
/// <c>LibraryImport</c>: every signature here is blittable (ints, <c>ref byte</c>, byte arrays), so no marshalling code is
/// generated either way, and the build keeps unsafe code disabled. Constants are Linux's generic ABI values, the same
/// on x86-64 and AArch64 (<c>include/uapi/asm-generic/fcntl.h</c>, <c>termbits.h</c>, <c>ioctls.h</c>, <c>poll.h</c>).
/// </summary>
internal static class Libc
{
    private const string Library = "libc";

    public const int ORdWr = 0x2;          // O_RDWR
    public const int ONoCtty = 0x100;      // O_NOCTTY (0400): the device must not become our controlling terminal
    public const int ONonBlock = 0x800;    // O_NONBLOCK (04000): open and read never wait for carrier
    public const int OCloExec = 0x80000;   // O_CLOEXEC (02000000)

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollErr = 0x8;
    public const short PollHup = 0x10;
    public const short PollNval = 0x20;

    public const int EIntr = 4;
    public const int EAgain = 11;

    public const int TcsaNow = 0;          // tcsetattr: apply at once
    public const int TciFlush = 0;         // tcflush: drop received, unread input

    public const uint TiocExcl = 0x540C;   // TIOCEXCL: no one else may open the device while we hold it

    [DllImport(Library, EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport(Library, EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport(Library, EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, ref byte buffer, nint count);

    [DllImport(Library, EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int fd, ref byte buffer, nint count);

    [DllImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);

    [DllImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request);

    [DllImport(Library, EntryPoint = "tcgetattr", SetLastError = true)]
    public static extern int TcGetAttr(int fd, byte[] termios);

    [DllImport(Library, EntryPoint = "tcsetattr", SetLastError = true)]
    public static extern int TcSetAttr(int fd, int optionalActions, byte[] termios);

    [DllImport(Library, EntryPoint = "tcflush", SetLastError = true)]
    public static extern int TcFlush(int fd, int queueSelector);

    [DllImport(Library, EntryPoint = "cfmakeraw")]
    public static extern void CfMakeRaw(byte[] termios);

    [DllImport(Library, EntryPoint = "cfsetispeed", SetLastError = true)]
    public static extern int CfSetISpeed(byte[] termios, uint speed);

    [DllImport(Library, EntryPoint = "cfsetospeed", SetLastError = true)]
    public static extern int CfSetOSpeed(byte[] termios, uint speed);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
