using System.Globalization;

namespace EdgeWamp.LoadTool;

/// <summary>Resident memory and CPU time of a process, read from /proc (Linux).</summary>
internal static class ProcessStats
{
    // USER_HZ: /proc/PID/stat counts CPU time in clock ticks of 1/100 s on every Linux the tool targets.
    private const double TicksPerSecond = 100.0;

    /// <summary>VmRSS in KiB, or -1 when the process is gone.</summary>
    public static long RssKib(int pid) => StatusField(pid, "VmRSS:");

    /// <summary>VmHWM (peak RSS) in KiB, or -1 when the process is gone.</summary>
    public static long PeakRssKib(int pid) => StatusField(pid, "VmHWM:");

    /// <summary>User plus system CPU seconds the process has used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) may hold spaces: fields after it start past the closing parenthesis.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            long system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static long StatusField(int pid, string field)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }
}
