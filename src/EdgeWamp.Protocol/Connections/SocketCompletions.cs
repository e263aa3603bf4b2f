namespace EdgeWamp.Protocol.Connections;

/// <summary>
/// Where .NET runs the code that follows a socket read or write on Linux. By default the epoll thread hands each
/// completion to the thread pool: one thread wake-up and context switch per message, which on a small board (and in
/// a VM) costs more than routing the message. Inline, the epoll thread runs the receive loop itself, and with
/// <c>SendBatch</c> sends the routed messages too: the measurements are in docs/performance.md ("RPC").
/// </summary>
/// <remarks>
/// The price: code running in a socket continuation must never block, or it stalls every socket on that epoll thread.
/// The router's receive path does not: routing is inline and short; authentication, dynamic decisions and TLS
/// handshakes (HandshakeOffloadStream) run on the thread pool. Set <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c> in the environment to keep .NET's default.
/// </remarks>
public static class SocketCompletions
{
    /// <summary>The runtime's switch, read once when the first socket is created.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Asks for inline completions unless the environment already decided; call before the first socket.</summary>
    public static void PreferInline()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
