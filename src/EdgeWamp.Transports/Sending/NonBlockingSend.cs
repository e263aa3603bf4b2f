using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace EdgeWamp.Transports.Sending;

/// <summary>What one non-blocking send did.</summary>
internal enum SendStatus : byte
{
    /// <summary>Some or all of the bytes went to the kernel.</summary>
    Sent,

    /// <summary>The socket's send buffer is full: nothing went; wait until it drains.</summary>
    WouldBlock,

    /// <summary>The connection is broken (reset, shut down, closed).</summary>
    Failed,
}

/// <summary>
/// <c>send(2)</c> with <c>MSG_DONTWAIT</c>: hands bytes to the kernel without ever waiting, whatever the socket's
/// blocking mode, so a routing thread can send for a connection and move on. .NET's <c>Socket.Send</c> would block
/// on a full buffer. The caller makes sure no other send runs on the socket at the same time.
/// </summary>
internal static class NonBlockingSend
{
    // Linux's generic values, the same on x86-64 and AArch64 (include/linux/socket.h, errno-base.h).
    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;
    private const int EIntr = 4;
    private const int EAgain = 11;

    public static SendStatus Send(Socket socket, ReadOnlySpan<byte> bytes, out int sent)
    {
        sent = 0;
        SafeSocketHandle handle = socket.SafeHandle;
        bool added = false;
        try
        {
            // Keeps the descriptor from being closed and reused while the call runs.
            handle.DangerousAddRef(ref added);
            while (true)
            {
                nint result = SendTo(handle.DangerousGetHandle(), ref MemoryMarshal.GetReference(bytes), bytes.Length, MsgDontWait | MsgNoSignal);
                if (result >= 0)
                {
                    sent = (int)result;
                    return SendStatus.Sent;
                }

                int error = Marshal.GetLastPInvokeError();
                if (error == EIntr)
                {
                    continue;
                }

                return error == EAgain ? SendStatus.WouldBlock : SendStatus.Failed;
            }
        }
        catch (ObjectDisposedException)
        {
            return SendStatus.Failed;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    private static extern nint SendTo(nint socket, ref byte buffer, nint length, int flags);
}
