using System.Diagnostics;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.LoadTool;

/// <summary>The load scenarios. Each is bounded in count and time and returns its numbers as a report.</summary>
internal static class Scenarios
{
    // Counters of concurrent receivers sit a cache line apart, so counting does not bounce lines between cores.
    private const int CounterStride = 8;

    private static readonly double TicksPerSecond = Stopwatch.Frequency;

    /// <summary>
    /// 1 publisher to N subscribers of one topic. The publisher keeps at most --window messages ahead of the slowest
    /// subscriber (a closed loop, so the rate is what the broker sustains, not what it buffers), for --duration seconds.
    /// Delivered/s counts the events the subscribers received within that time; lost ones are those still missing 3 s
    /// after the last publish.
    /// </summary>
    public static async Task<Report> FanOutAsync(Options options, CancellationToken cancel)
    {
        BenchProtocol protocol = options.Protocol;
        int subscriberCount = options.Int("subscribers", 10);
        int payload = Math.Max(8, options.Int("payload", 64));
        double duration = options.Seconds("duration", 5);
        int window = options.Int("window", 500);
        string topic = protocol == BenchProtocol.Wamp ? "bench.fanout" : "bench/fanout";

        BenchConnection[] subscribers = await OpenAllAsync(options, subscriberCount, "sub", 64 * 1024, cancel).ConfigureAwait(false);
        await Task.WhenAll(subscribers.Select(s => s.SubscribeAsync(topic, cancel))).ConfigureAwait(false);
        using BenchConnection publisher = await BenchConnection.OpenAsync(protocol, options.EndPoint, "bench-pub", 4096, cancel).ConfigureAwait(false);

        long[] delivered = new long[subscriberCount * CounterStride];
        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Task[] receivers = subscribers.Select((s, i) => Task.Run(() => CountDeliveriesAsync(s, delivered, i * CounterStride, stopReceiving.Token), CancellationToken.None)).ToArray();

        CpuMeter cpu = CpuMeter.Start(options.BrokerPid);
        byte[] template = publisher.PublishTemplate(topic, payload);
        long published = 0;
        long start = 0;
        long end = 0;
        var publishing = new Thread(() =>
        {
            const int Batch = 32;
            byte[] batch = new byte[template.Length * Batch];
            start = Stopwatch.GetTimestamp();
            long deadline = start + (long)(duration * TicksPerSecond);
            var wait = default(SpinWait);
            while (Stopwatch.GetTimestamp() < deadline && !cancel.IsCancellationRequested)
            {
                long allowed = Math.Min(Batch, Slowest(delivered, subscriberCount) + window - published);
                if (allowed <= 0)
                {
                    wait.SpinOnce();
                    continue;
                }

                wait.Reset();
                for (int i = 0; i < allowed; i++)
                {
                    Span<byte> frame = batch.AsSpan(i * template.Length, template.Length);
                    template.CopyTo(frame);
                    BenchConnection.Stamp(frame, Stopwatch.GetTimestamp());
                }

                publisher.Send(batch.AsSpan(0, (int)allowed * template.Length));
                published += allowed;
            }

            end = Stopwatch.GetTimestamp();
        }) { IsBackground = true, Name = "publisher" };
        publishing.Start();
        publishing.Join();
        long deliveredInTime = Sum(delivered, subscriberCount);
        (double toolCpu, double brokerCpu) = cpu.Percent();
        long expected = published * subscriberCount;
        long drainUntil = Stopwatch.GetTimestamp() + (long)(3 * TicksPerSecond);
        while (Sum(delivered, subscriberCount) < expected && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(10, cancel).ConfigureAwait(false);
        }

        long deliveredTotal = Sum(delivered, subscriberCount);
        await stopReceiving.CancelAsync().ConfigureAwait(false);
        CloseAll(subscribers);
        await Task.WhenAll(receivers).ConfigureAwait(false);
        double seconds = (end - start) / TicksPerSecond;
        return Header("fanout", options)
            .Add("subscribers", subscriberCount)
            .Add("payload_bytes", payload)
            .Add("window", window)
            .Add("seconds", seconds)
            .Add("published", published)
            .Add("published_per_s", published / seconds)
            .Add("delivered_per_s", deliveredInTime / seconds)
            .Add("delivered", deliveredTotal)
            .Add("lost", expected - deliveredTotal)
            .Add("tool_cpu_percent", toolCpu)
            .Add("broker_cpu_percent", brokerCpu)
            .Add("broker_rss_kib", RssOf(options));
    }

    /// <summary>
    /// One publisher at a fixed rate to --subscribers (default 1) subscribers for --duration seconds: the one-way
    /// latency from the publisher's timestamp in the payload to the subscriber reading it (one process, one clock).
    /// The publisher is paced in 1 ms ticks: every message due by then goes out, each in its own send.
    /// </summary>
    public static async Task<Report> LatencyAsync(Options options, CancellationToken cancel)
    {
        BenchProtocol protocol = options.Protocol;
        int rate = options.Int("rate", 10_000);
        int payload = Math.Max(8, options.Int("payload", 64));
        int subscriberCount = options.Int("subscribers", 1);
        double duration = options.Seconds("duration", 5);
        int warmup = options.Int("warmup", 1_000);
        string topic = protocol == BenchProtocol.Wamp ? "bench.latency" : "bench/latency";
        long total = (long)(rate * duration);

        BenchConnection[] subscribers = await OpenAllAsync(options, subscriberCount, "lat", 64 * 1024, cancel).ConfigureAwait(false);
        await Task.WhenAll(subscribers.Select(s => s.SubscribeAsync(topic, cancel))).ConfigureAwait(false);
        using BenchConnection publisher = await BenchConnection.OpenAsync(protocol, options.EndPoint, "bench-pub", 4096, cancel).ConfigureAwait(false);

        var samples = new LatencySamples((int)Math.Min(int.MaxValue, total * subscriberCount));
        long[] delivered = new long[subscriberCount * CounterStride];
        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Task[] receivers = subscribers.Select((s, i) => Task.Run(() => MeasureLatencyAsync(s, delivered, i * CounterStride, warmup, samples, stopReceiving.Token), CancellationToken.None)).ToArray();

        CpuMeter cpu = CpuMeter.Start(options.BrokerPid);
        byte[] frame = publisher.PublishTemplate(topic, payload);
        long sent = 0;
        var publishing = new Thread(() =>
        {
            long start = Stopwatch.GetTimestamp();
            while (sent < total && !cancel.IsCancellationRequested)
            {
                long due = Math.Min(total, (long)((Stopwatch.GetTimestamp() - start) / TicksPerSecond * rate) + 1);
                for (; sent < due; sent++)
                {
                    BenchConnection.Stamp(frame, Stopwatch.GetTimestamp());
                    publisher.Send(frame);
                }

                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "publisher" };
        publishing.Start();
        publishing.Join();
        (double toolCpu, double brokerCpu) = cpu.Percent();
        long expected = sent * subscriberCount;
        long drainUntil = Stopwatch.GetTimestamp() + (long)(3 * TicksPerSecond);
        while (Sum(delivered, subscriberCount) < expected && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(10, cancel).ConfigureAwait(false);
        }

        long received = Sum(delivered, subscriberCount);
        await stopReceiving.CancelAsync().ConfigureAwait(false);
        CloseAll(subscribers);
        await Task.WhenAll(receivers).ConfigureAwait(false);
        return Header("latency", options)
            .Add("rate_per_s", rate)
            .Add("payload_bytes", payload)
            .Add("subscribers", subscriberCount)
            .Add("sent", sent)
            .Add("received", received)
            .Add("lost", expected - received)
            .Add("samples", samples.Count)
            .Add("p50_us", samples.PercentileMicroseconds(50))
            .Add("p99_us", samples.PercentileMicroseconds(99))
            .Add("p999_us", samples.PercentileMicroseconds(99.9))
            .Add("max_us", samples.PercentileMicroseconds(100))
            .Add("tool_cpu_percent", toolCpu)
            .Add("broker_cpu_percent", brokerCpu)
            .Add("broker_rss_kib", RssOf(options));
    }

    /// <summary>
    /// C callers, each with one call outstanding at a time, to one callee that echoes the arguments (WAMP only):
    /// calls/s and round-trip p50/p99 over --duration seconds, all on one thread (<see cref="RpcLoop"/>). The callee
    /// answers the INVOCATIONs of one epoll round with one send, as a real callee library would.
    /// </summary>
    public static Report Rpc(Options options)
    {
        if (options.Protocol != BenchProtocol.Wamp)
        {
            throw new ArgumentException("rpc is a WAMP scenario (MQTT has no calls)");
        }

        int callerCount = options.Int("callers", 16);
        int payload = Math.Max(8, options.Int("payload", 64));
        double duration = options.Seconds("duration", 5);
        const string Procedure = "bench.echo";

        using RpcLoop loop = RpcLoop.Open(options.EndPoint, Procedure, callerCount, payload);
        var samples = new LatencySamples(4_000_000);
        CpuMeter cpu = CpuMeter.Start(options.BrokerPid);
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(duration * TicksPerSecond);
        Exception? failure = null;
        var calling = new Thread(() =>
        {
            try
            {
                loop.Run(deadline, samples);
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or TimeoutException)
            {
                failure = exception;
            }
        }) { IsBackground = true, Name = "rpc" };
        calling.Start();
        calling.Join();
        double seconds = (Stopwatch.GetTimestamp() - start) / TicksPerSecond;
        (double toolCpu, double brokerCpu) = cpu.Percent();
        if (failure is not null)
        {
            throw new InvalidOperationException($"rpc: {failure.Message}", failure);
        }
        long total = loop.Calls;
        return Header("rpc", options)
            .Add("callers", callerCount)
            .Add("payload_bytes", payload)
            .Add("seconds", seconds)
            .Add("calls", total)
            .Add("calls_per_s", total / seconds)
            .Add("p50_us", samples.PercentileMicroseconds(50))
            .Add("p99_us", samples.PercentileMicroseconds(99))
            .Add("tool_cpu_percent", toolCpu)
            .Add("broker_cpu_percent", brokerCpu)
            .Add("broker_rss_kib", RssOf(options));
    }

    /// <summary>
    /// N concurrent sessions, each subscribed to a topic of its own: the time to open them all (at most --concurrency
    /// opening at once), then the broker's RSS once they are idle (after --settle seconds).
    /// </summary>
    public static async Task<Report> SessionsAsync(Options options, CancellationToken cancel)
    {
        BenchProtocol protocol = options.Protocol;
        int count = options.Int("sessions", 10_000);
        int concurrency = options.Int("concurrency", 100);
        double settle = options.Seconds("settle", 2);
        long rssBefore = RssOf(options);

        var connections = new BenchConnection[count];
        using var gate = new SemaphoreSlim(concurrency);
        long start = Stopwatch.GetTimestamp();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await gate.WaitAsync(cancel).ConfigureAwait(false);
                try
                {
                    BenchConnection connection = await BenchConnection.OpenAsync(protocol, options.EndPoint, $"s{i}", 512, cancel).ConfigureAwait(false);
                    connections[i] = connection;
                    await connection.SubscribeAsync(protocol == BenchProtocol.Wamp ? $"bench.s.{i}" : $"bench/s/{i}", cancel).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
            double connectSeconds = (Stopwatch.GetTimestamp() - start) / TicksPerSecond;
            await Task.Delay(TimeSpan.FromSeconds(settle), cancel).ConfigureAwait(false);
            long rss = RssOf(options);
            return Header("sessions", options)
                .Add("sessions", count)
                .Add("concurrency", concurrency)
                .Add("connect_seconds", connectSeconds)
                .Add("sessions_per_s", count / connectSeconds)
                .Add("broker_rss_before_kib", rssBefore)
                .Add("broker_rss_kib", rss)
                .Add("broker_rss_per_session_bytes", rss > 0 && rssBefore > 0 ? (rss - rssBefore) * 1024.0 / count : -1)
                .Add("broker_peak_rss_kib", options.BrokerPid > 0 ? ProcessStats.PeakRssKib(options.BrokerPid) : -1);
        }
        finally
        {
            CloseAll(connections.Where(c => c is not null).ToArray());
        }
    }

    /// <summary>The broker at rest, with no client: RSS and CPU over --duration seconds (default 60).</summary>
    public static async Task<Report> IdleAsync(Options options, CancellationToken cancel)
    {
        if (options.BrokerPid <= 0)
        {
            throw new ArgumentException("idle needs --broker-pid");
        }

        double duration = options.Seconds("duration", 60);
        CpuMeter cpu = CpuMeter.Start(options.BrokerPid);
        long rssStart = RssOf(options);
        long rssMax = rssStart;
        long until = Stopwatch.GetTimestamp() + (long)(duration * TicksPerSecond);
        while (Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(250, cancel).ConfigureAwait(false);
            rssMax = Math.Max(rssMax, RssOf(options));
        }

        (_, double brokerCpu) = cpu.Percent();
        return Header("idle", options)
            .Add("seconds", duration)
            .Add("broker_rss_start_kib", rssStart)
            .Add("broker_rss_kib", RssOf(options))
            .Add("broker_rss_max_kib", rssMax)
            .Add("broker_cpu_percent", brokerCpu);
    }

    private static Report Header(string scenario, Options options) =>
        new Report().Add("scenario", scenario).Add("protocol", options.Protocol.ToString().ToLowerInvariant());

    private static long RssOf(Options options) => options.BrokerPid > 0 ? ProcessStats.RssKib(options.BrokerPid) : -1;

    private static async Task<BenchConnection[]> OpenAllAsync(Options options, int count, string name, int bufferSize, CancellationToken cancel)
    {
        Task<BenchConnection>[] opening = Enumerable.Range(0, count)
            .Select(i => BenchConnection.OpenAsync(options.Protocol, options.EndPoint, $"bench-{name}-{i}", bufferSize, cancel))
            .ToArray();
        return await Task.WhenAll(opening).ConfigureAwait(false);
    }

    private static void CloseAll(BenchConnection[] connections)
    {
        foreach (BenchConnection connection in connections)
        {
            connection.Close();
        }
    }

    private static long Slowest(long[] counters, int count)
    {
        long slowest = long.MaxValue;
        for (int i = 0; i < count; i++)
        {
            slowest = Math.Min(slowest, Volatile.Read(ref counters[i * CounterStride]));
        }

        return slowest;
    }

    private static long Sum(long[] counters, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += Volatile.Read(ref counters[i * CounterStride]);
        }

        return sum;
    }

    private static async Task CountDeliveriesAsync(BenchConnection connection, long[] counters, int slot, CancellationToken cancel)
    {
        try
        {
            while (true)
            {
                Frame frame = await connection.ReadFrameAsync(cancel).ConfigureAwait(false);
                if (connection.IsDelivery(frame))
                {
                    Volatile.Write(ref counters[slot], counters[slot] + 1);
                }
            }
        }
        catch (Exception exception) when (IsEnd(exception))
        {
            // The run is over, or the broker closed the connection: what was counted stands.
        }
    }

    private static async Task MeasureLatencyAsync(BenchConnection connection, long[] counters, int slot, int warmup, LatencySamples samples, CancellationToken cancel)
    {
        try
        {
            while (true)
            {
                Frame frame = await connection.ReadFrameAsync(cancel).ConfigureAwait(false);
                if (connection.IsDelivery(frame))
                {
                    long latency = Stopwatch.GetTimestamp() - connection.ReadStamp(frame);
                    long seen = counters[slot] + 1;
                    Volatile.Write(ref counters[slot], seen);
                    if (seen > warmup)
                    {
                        samples.Add(latency);
                    }
                }
            }
        }
        catch (Exception exception) when (IsEnd(exception))
        {
        }
    }




    private static bool IsEnd(Exception exception) =>
        exception is OperationCanceledException or EndOfStreamException or System.Net.Sockets.SocketException or ObjectDisposedException;

    /// <summary>CPU time of this tool and of the broker between Start and Percent, as % of one core.</summary>
    private readonly record struct CpuMeter(int BrokerPid, long Started, double ToolStart, double BrokerStart)
    {
        public static CpuMeter Start(int brokerPid) =>
            new(brokerPid, Stopwatch.GetTimestamp(), ProcessStats.CpuSeconds(Environment.ProcessId), brokerPid > 0 ? ProcessStats.CpuSeconds(brokerPid) : 0);

        public (double Tool, double Broker) Percent()
        {
            double wall = (Stopwatch.GetTimestamp() - Started) / TicksPerSecond;
            double tool = (ProcessStats.CpuSeconds(Environment.ProcessId) - ToolStart) / wall * 100;
            double broker = BrokerPid > 0 ? (ProcessStats.CpuSeconds(BrokerPid) - BrokerStart) / wall * 100 : -1;
            return (tool, broker);
        }
    }
}
