using System.Globalization;

namespace EdgeWamp.Host.Systemd;

/// <summary>
/// What the service manager (systemd, or anything speaking its protocols) told this process through the
/// environment: where to send notifications, the watchdog period, the sockets it passed, and whether standard
/// output goes to the journal.
/// </summary>
/// <remarks>
/// EdgeWamp follows these variables whenever they are set, as libsystemd's <c>sd_notify</c> and
/// <c>sd_listen_fds</c> do, rather than only when its parent process is systemd
/// (<c>SystemdHelpers.IsSystemdService</c>): containers and tests run it under other parents.
/// </remarks>
internal sealed class ServiceManagerEnvironment
{
    /// <summary>sd_notify(3): the socket that READY=1, STOPPING=1 and WATCHDOG=1 go to.</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    /// <summary>sd_watchdog_enabled(3): the watchdog period in microseconds (systemd's WatchdogSec=).</summary>
    public const string WatchdogUsecVariable = "WATCHDOG_USEC";

    /// <summary>sd_watchdog_enabled(3): when set, the process the watchdog period is meant for.</summary>
    public const string WatchdogPidVariable = "WATCHDOG_PID";

    /// <summary>sd_listen_fds(3): how many sockets were passed, starting at file descriptor 3.</summary>
    public const string ListenFdsVariable = "LISTEN_FDS";

    /// <summary>sd_listen_fds(3): the process the sockets are meant for.</summary>
    public const string ListenPidVariable = "LISTEN_PID";

    /// <summary>sd_listen_fds_with_names(3): colon-separated names of the passed sockets (FileDescriptorName=).</summary>
    public const string ListenFdNamesVariable = "LISTEN_FDNAMES";

    /// <summary>systemd.exec(5): set when standard output or error is connected to the journal.</summary>
    public const string JournalStreamVariable = "JOURNAL_STREAM";

    /// <summary>sd_listen_fds(3): SD_LISTEN_FDS_START, the first passed file descriptor.</summary>
    public const int FirstListenFd = 3;

    /// <summary>True when <c>NOTIFY_SOCKET</c> is set: the manager waits for READY=1 (Type=notify).</summary>
    public bool HasNotifySocket { get; private init; }

    /// <summary>The watchdog period (WatchdogSec=), or null when no watchdog is configured for this process.</summary>
    public TimeSpan? WatchdogPeriod { get; private init; }

    /// <summary>How many listening sockets were passed for this process (socket activation), from fd 3 on.</summary>
    public int ListenFdCount { get; private init; }

    /// <summary>The passed sockets' names, one per socket, when the manager gave names; else empty.</summary>
    public IReadOnlyList<string> ListenFdNames { get; private init; } = [];

    /// <summary>True when logs go to the journal, which reads a <c>&lt;N&gt;</c> priority prefix on each line.</summary>
    public bool IsJournalStream { get; private init; }

    /// <summary>Reads this process's environment.</summary>
    public static ServiceManagerEnvironment FromProcess() => Read(Environment.GetEnvironmentVariable, Environment.ProcessId);

    /// <summary>Reads the variables through <paramref name="getVariable"/>, for process <paramref name="processId"/>.</summary>
    public static ServiceManagerEnvironment Read(Func<string, string?> getVariable, int processId)
    {
        int listenFds = IsForThisProcess(getVariable(ListenPidVariable), processId, requireSet: true)
            && int.TryParse(getVariable(ListenFdsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            ? count
            : 0;
        string? names = getVariable(ListenFdNamesVariable);
        string[] fdNames = listenFds > 0 && !string.IsNullOrEmpty(names) ? names.Split(':') : [];
        return new ServiceManagerEnvironment
        {
            HasNotifySocket = !string.IsNullOrEmpty(getVariable(NotifySocketVariable)),
            WatchdogPeriod = ReadWatchdogPeriod(getVariable, processId),
            ListenFdCount = listenFds,
            ListenFdNames = fdNames.Length == listenFds ? fdNames : [],
            IsJournalStream = !string.IsNullOrEmpty(getVariable(JournalStreamVariable)),
        };
    }

    private static TimeSpan? ReadWatchdogPeriod(Func<string, string?> getVariable, int processId)
    {
        if (!IsForThisProcess(getVariable(WatchdogPidVariable), processId, requireSet: false)
            || !ulong.TryParse(getVariable(WatchdogUsecVariable), NumberStyles.None, CultureInfo.InvariantCulture, out ulong usec)
            || usec == 0)
        {
            return null;
        }

        // TimeSpan ticks are 100 ns; anything beyond TimeSpan's range is a watchdog that never fires.
        return usec >= (ulong)(TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond)
            ? null
            : TimeSpan.FromMicroseconds(usec);
    }

    // The variables are inherited by child processes; a PID that is not ours means they were meant for a parent.
    private static bool IsForThisProcess(string? pid, int processId, bool requireSet) =>
        string.IsNullOrEmpty(pid)
            ? !requireSet
            : int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value == processId;
}
