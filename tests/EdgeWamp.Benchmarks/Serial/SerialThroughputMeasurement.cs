using System.Diagnostics;
using System.Globalization;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Router;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Transports.Serial;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeWamp.Benchmarks.Serial;

/// <summary>
/// Messages per second and call latency over a serial link, end to end: a CBOR device on a pseudo-terminal paced to
/// the baud rate (<see cref="PacedPty"/>), the router's <see cref="SerialListener"/>, and an in-process subscriber and
/// caller. Compared with what the line could carry at best: <c>baud / 10</c> bytes per second (8N1) divided by the
/// bytes a message takes on the wire. Not a BenchmarkDotNet class: each point is a timed run of thousands of messages
/// through real threads and a real tty, which BenchmarkDotNet's iteration model does not fit.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/EdgeWamp.Benchmarks -- serial-throughput</c></remarks>
internal static class SerialThroughputMeasurement
{
    private const int Calls = 300;

    public static void Run()
    {
        Console.WriteLine($"Line model: {(PacedPty.UsbFrames ? "USB full-speed adapter (bytes move in 1 ms frames)" : "UART (one character at a time)")}; load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| Framing | Line | PUBLISH on the wire | Events/s measured | Line limit | of limit | Call p50 | Call p99 | Call line minimum |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int baud in new[] { 115_200, 1_000_000, 0 })
        {
            foreach (SerialFraming framing in new[] { SerialFraming.RawSocket, SerialFraming.Cobs })
            {
                Measure(framing, baud);
            }
        }
    }

    private static void Measure(SerialFraming framing, int baud)
    {
        string directory = Directory.CreateTempSubdirectory("edgewamp-bench-").FullName;
        string link = Path.Combine(directory, "ttyBENCH");
        using var router = new WampRouter(
        [
            new RealmOptions
            {
                Name = "realm1",
                Roles = [new Role("anonymous", [new PermissionRule(string.Empty, UriMatch.Prefix, WampAction.Call | WampAction.Register | WampAction.Publish | WampAction.Subscribe)])],
                AnonymousRole = "anonymous",
            },
        ]);
        using var line = new PacedPty(link, baud);
        var listener = new SerialListener(
            new SerialListenerOptions { Port = new SerialPortSettings { Device = link, Baud = baud == 0 ? 4_000_000 : baud }, Framing = framing, PingInterval = TimeSpan.Zero, MaxOutboxBytes = 64 << 20 },
            new RouterPeers(router),
            NullLogger.Instance);
        listener.Start();
        using var device = new BenchDevice(line, framing);
        device.Start();
        device.Join();
        var client = new BenchClient(router);
        client.Subscribe(BenchDevice.Topic);

        // Events: a burst of PUBLISHes, as fast as the line carries them, to an in-process subscriber.
        int count = baud switch { 115_200 => 2_000, 1_000_000 => 10_000, _ => 50_000 };
        long start = Stopwatch.GetTimestamp();
        device.Publish(count);
        if (!SpinWait.SpinUntil(() => client.Events == count, TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException($"{client.Events} of {count} events");
        }

        double seconds = Stopwatch.GetElapsedTime(start, client.LastEventTimestamp).TotalSeconds;
        double eventsPerSecond = count / seconds;
        double bytesPerSecond = baud / 10.0;

        // Calls: one at a time, CALL -> INVOCATION over the line -> YIELD back -> RESULT.
        var latencies = new List<double>(Calls);
        for (int i = 0; i < Calls; i++)
        {
            latencies.Add(client.Call(BenchDevice.Procedure, i).TotalMilliseconds);
        }

        latencies.Sort();
        double p50 = latencies[Calls / 2];
        double p99 = latencies[(int)(Calls * 0.99)];
        string lineName = baud == 0 ? "unpaced pty" : $"{baud:N0} baud";
        string limit = baud == 0 ? "-" : (bytesPerSecond / device.PublishWireLength).ToString("N0", CultureInfo.InvariantCulture);
        string ofLimit = baud == 0 ? "-" : (eventsPerSecond / (bytesPerSecond / device.PublishWireLength)).ToString("P0", CultureInfo.InvariantCulture);
        string callMinimum = baud == 0 ? "-" : $"{(device.InvocationWireLength + device.YieldWireLength) / bytesPerSecond * 1000:F2} ms";
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {framing} | {lineName} | {device.PublishWireLength} B | {eventsPerSecond:N0} | {limit} | {ofLimit} | {p50:F2} ms | {p99:F2} ms | {callMinimum} |"));

        listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(directory, recursive: true);
        Console.Error.WriteLine($"  load average after {framing} {lineName}: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
