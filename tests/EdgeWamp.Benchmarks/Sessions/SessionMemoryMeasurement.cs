using System.Diagnostics;
using System.Net;
using EdgeWamp.Benchmarks.Serial;
using EdgeWamp.Router;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Transports.RawSocket;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeWamp.Benchmarks.Sessions;

/// <summary>
/// How much managed memory one idle RawSocket session keeps alive, measured exactly: the router and its listener run
/// in this process, N sessions (each with one subscription) come from the load tool in another, and the heap is
/// measured after a full, compacting collection with and without them. The process's RSS holds more than the live
/// objects (the GC's free space between collections); this separates the two.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/EdgeWamp.Benchmarks -- session-memory [SESSIONS] [LOADTOOL] [PING_SECONDS]</c>;
/// LOADTOOL defaults to artifacts/publish/loadtool-linux-x64/edgewamp-load; PING_SECONDS 0 turns the liveness check off.
/// </remarks>
internal static class SessionMemoryMeasurement
{
    public static int Run(string[] args)
    {
        int sessions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
        string loadTool = args.Length > 1 && args[1].Length > 0 ? args[1] : Path.Combine(FindRoot(), "artifacts/publish/loadtool-linux-x64/edgewamp-load");
        double ping = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30;
        using var router = new WampRouter(
        [
            new RealmOptions
            {
                Name = "realm1",
                Roles = [new Role("anonymous", [new PermissionRule(string.Empty, UriMatch.Prefix, WampAction.Call | WampAction.Register | WampAction.Publish | WampAction.Subscribe)])],
                AnonymousRole = "anonymous",
                MaxSessions = sessions + 100,
            },
        ]);
        var listener = new RawSocketListener(
            new RawSocketListenerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), MaxConnections = sessions + 100, PingInterval = TimeSpan.FromSeconds(ping) },
            new RouterPeers(router),
            NullLogger.Instance);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        // Warm up once with a few sessions, so code paths and pools exist before the baseline.
        RunLoadTool(loadTool, port, 50, settleSeconds: 1).WaitForExit();
        SpinWait.SpinUntil(() => router.SessionCount == 0, TimeSpan.FromSeconds(10));
        (long liveBefore, long rssBefore) = Measure();

        using Process tool = RunLoadTool(loadTool, port, sessions, settleSeconds: 30);
        if (!SpinWait.SpinUntil(() => router.SessionCount == sessions, TimeSpan.FromSeconds(120)))
        {
            Console.Error.WriteLine($"only {router.SessionCount} of {sessions} sessions opened");
            return 1;
        }

        // Every session has subscribed once the tool has opened them all; give the last SUBSCRIBEs a moment.
        Thread.Sleep(2_000);
        long rssWithSessions = Environment.WorkingSet;
        (long liveAfter, long rssAfter) = Measure();
        GCMemoryInfo info = GC.GetGCMemoryInfo();
        tool.Kill();
        tool.WaitForExit();

        Console.WriteLine($"sessions                     {sessions:N0} (ping interval {ping} s)");
        Console.WriteLine($"live managed bytes           {liveBefore:N0} before, {liveAfter:N0} with the sessions");
        Console.WriteLine($"live bytes per session       {(liveAfter - liveBefore) / (double)sessions:N0}");
        Console.WriteLine($"RSS                          {rssBefore / 1024:N0} KiB before, {rssWithSessions / 1024:N0} KiB with the sessions, {rssAfter / 1024:N0} KiB after a full collection");
        Console.WriteLine($"GC heap after collection     {info.HeapSizeBytes:N0} bytes, fragmented {info.FragmentedBytes:N0}, committed {info.TotalCommittedBytes:N0}");
        return 0;
    }

    private static (long Live, long Rss) Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return (GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
    }

    private static Process RunLoadTool(string loadTool, int port, int sessions, int settleSeconds)
    {
        var start = new ProcessStartInfo(loadTool)
        {
            ArgumentList = { "sessions", "--protocol", "wamp", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--sessions", sessions.ToString(System.Globalization.CultureInfo.InvariantCulture), "--settle", settleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
        };
        return Process.Start(start) ?? throw new InvalidOperationException($"cannot start {loadTool}");
    }

    private static string FindRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "EdgeWamp.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? Directory.GetCurrentDirectory();
    }
}
