using System.Buffers.Binary;
using System.Collections.Frozen;

namespace EdgeWamp.Transports.Serial;

/// <summary>
/// glibc's <c>struct termios</c> (x86-64 and AArch64: four 32-bit flag words, c_line, c_cc[32], two speeds; 60 bytes)
/// held in a byte array, so no unsafe code is needed. Only the control flags are edited here; <c>cfmakeraw</c> and
/// <c>cfset*speed</c> do the rest.
/// </summary>
internal static class Termios
{
    /// <summary>Larger than sizeof(struct termios) (60) on every glibc target, so tcgetattr never writes past it.</summary>
    public const int BufferSize = 128;

    private const int CFlagOffset = 8;
    private const int CcOffset = 17;
    private const int VTime = 5;
    private const int VMin = 6;

    // c_cflag bits (asm-generic/termbits.h, octal there).
    private const uint CSize = 0x30;       // CSIZE 0000060
    private const uint CStopB = 0x40;      // CSTOPB 0000100
    private const uint CRead = 0x80;       // CREAD 0000200
    private const uint ParEnb = 0x100;     // PARENB 0000400
    private const uint ParOdd = 0x200;     // PARODD 0001000
    private const uint CLocal = 0x800;     // CLOCAL 0004000: ignore modem lines (no carrier needed)
    private const uint CrtsCts = 0x80000000; // CRTSCTS 020000000000

    /// <summary>Baud rates and their speed_t codes (asm-generic/termbits.h: B50 = 1 ... B38400 = 017, B57600 = 010001 ...).</summary>
    public static readonly FrozenDictionary<int, uint> SupportedBaudRates = new Dictionary<int, uint>
    {
        [50] = 0x1, [75] = 0x2, [110] = 0x3, [134] = 0x4, [150] = 0x5, [200] = 0x6, [300] = 0x7, [600] = 0x8,
        [1200] = 0x9, [1800] = 0xA, [2400] = 0xB, [4800] = 0xC, [9600] = 0xD, [19200] = 0xE, [38400] = 0xF,
        [57600] = 0x1001, [115200] = 0x1002, [230400] = 0x1003, [460800] = 0x1004, [500000] = 0x1005,
        [576000] = 0x1006, [921600] = 0x1007, [1000000] = 0x1008, [1152000] = 0x1009, [1500000] = 0x100A,
        [2000000] = 0x100B, [2500000] = 0x100C, [3000000] = 0x100D, [3500000] = 0x100E, [4000000] = 0x100F,
    }.ToFrozenDictionary();

    /// <summary>Raw mode (no echo, no line editing, no CR/LF translation, 8-bit clean) with the settings' line parameters.</summary>
    /// <returns>null on success, else what failed.</returns>
    public static string? Apply(int fd, SerialPortSettings settings)
    {
        if (!SupportedBaudRates.TryGetValue(settings.Baud, out uint speed))
        {
            return $"{settings.Baud} baud is not a standard rate";
        }

        byte[] termios = new byte[BufferSize];
        if (Libc.TcGetAttr(fd, termios) != 0)
        {
            return $"not a terminal device (tcgetattr: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})";
        }

        Libc.CfMakeRaw(termios);
        uint cflag = BinaryPrimitives.ReadUInt32LittleEndian(termios.AsSpan(CFlagOffset));
        cflag &= ~(CSize | CStopB | ParEnb | ParOdd | CrtsCts);
        cflag |= CRead | CLocal | CharacterSize(settings.DataBits);
        if (settings.StopBits == 2)
        {
            cflag |= CStopB;
        }

        cflag |= settings.Parity switch
        {
            SerialParity.Even => ParEnb,
            SerialParity.Odd => ParEnb | ParOdd,
            _ => 0u,
        };
        if (settings.FlowControl == SerialFlowControl.RtsCts)
        {
            cflag |= CrtsCts;
        }

        if (!BitConverter.IsLittleEndian)
        {
            return "only little-endian targets are supported";
        }

        BinaryPrimitives.WriteUInt32LittleEndian(termios.AsSpan(CFlagOffset), cflag);

        // Non-blocking reads through poll: read returns what is there at once.
        termios[CcOffset + VMin] = 0;
        termios[CcOffset + VTime] = 0;
        if (Libc.CfSetISpeed(termios, speed) != 0 || Libc.CfSetOSpeed(termios, speed) != 0)
        {
            return $"{settings.Baud} baud rejected by cfsetspeed";
        }

        return Libc.TcSetAttr(fd, Libc.TcsaNow, termios) == 0
            ? null
            : $"tcsetattr failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})";
    }

    // CS5 = 0, CS6 = 0000020, CS7 = 0000040, CS8 = 0000060.
    private static uint CharacterSize(int dataBits) => (uint)(Math.Clamp(dataBits, 5, 8) - 5) << 4;
}
