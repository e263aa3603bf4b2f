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

    /// <summary>The runtime's number of epoll threads (with inline completions it defaults to one per core).</summary>
    public const string ThreadCountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>
    /// Asks for inline completions, on one epoll thread per two cores, unless the environment already decided; call
    /// before the first socket. Each epoll thread does all the work of its sockets, so a few of them saturate the
    /// machine; more only add wake-ups across cores. Measured with 16 callers on 2 cores: one thread carried 43,700 to
    /// 43,900 calls/s, two 37,400 to 39,900 (docs/performance.md, "RPC").
    /// </summary>
    public static void PreferInline()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
            if (Environment.GetEnvironmentVariable(ThreadCountVariable) is null)
            {
                int threads = Math.Max(1, Environment.ProcessorCount / 2);
                Environment.SetEnvironmentVariable(ThreadCountVariable, threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
