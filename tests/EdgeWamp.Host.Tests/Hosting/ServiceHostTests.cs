using EdgeWamp.Host.Hosting;
using EdgeWamp.Host.Logging;
using EdgeWamp.Host.Systemd;
using EdgeWamp.Host.Tests.Systemd;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeWamp.Host.Tests.Hosting;

/// <summary>
/// The host's lifecycle: start in order, READY=1, stop on request with STOPPING=1, stop in reverse within the
/// shutdown timeout. Notifications go over a real sd_notify datagram socket; the log through the real log output.
/// </summary>
public sealed class ServiceHostTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly List<string> _events = [];
    private readonly NotifyReceiver _manager = new();
    private readonly NotifySocket _notify;
    private readonly StringWriter _log = new();
    private readonly LineLoggerFactory _loggers;

    public ServiceHostTests()
    {
        _notify = new NotifySocket(_manager.Name);
        _loggers = new LineLoggerFactory(new LogOutput(_log, LogFormat.Journal), LogLevel.Information);
    }

    public void Dispose()
    {
        _loggers.Dispose();
        _notify.Dispose();
        _manager.Dispose();
    }

    private ServiceHost Host(TimeSpan? shutdownTimeout = null) =>
        new(shutdownTimeout ?? Wait, _notify, _loggers.CreateLogger<ServiceHost>());

    private Part NewPart(string name) => new(name, _events);

    private string[] Events()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    /// <summary>The log so far: disposing the factory writes every queued line.</summary>
    private string Log()
    {
        _loggers.Dispose();
        return _log.ToString();
    }

    [Fact]
    public async Task RunAsync_StopRequested_StartsInOrderThenStopsInReverse()
    {
        using ServiceHost host = Host();
        Part last = NewPart("c");
        // READY=1 only once every part has started: see what has arrived while the last part starts.
        string? beforeLastStarted = "not called";
        last.OnStart = () => beforeLastStarted = _manager.Receive(TimeSpan.Zero);
        host.Add(NewPart("a"));
        host.Add(NewPart("b"));
        host.Add(last);

        Task running = host.RunAsync();
        await host.Started.WaitAsync(Wait);
        Assert.Null(beforeLastStarted);
        Assert.Equal("READY=1", _manager.Receive(Wait));
        Assert.Equal(["start a", "start b", "start c"], Events());

        host.RequestStop();
        await running.WaitAsync(Wait);

        Assert.Equal(["start a", "start b", "start c", "stop c", "stop b", "stop a"], Events());
        Assert.Equal("STOPPING=1", _manager.Receive(Wait));
        Assert.Null(_manager.Receive(TimeSpan.Zero));
        string log = Log();
        Assert.Contains("<6>EdgeWamp.Host.Hosting.ServiceHost[5140] Application started: 3 parts running", log, StringComparison.Ordinal);
        Assert.Contains("<6>EdgeWamp.Host.Hosting.ServiceHost[5141] Application is shutting down", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StopSentAfterReady_StoppingFollowsReady()
    {
        using ServiceHost host = Host();
        Part only = NewPart("a");
        // When the part is asked to stop, STOPPING=1 has already gone out.
        string[] beforeStop = [];
        only.OnStop = () => beforeStop = [_manager.Receive(TimeSpan.Zero) ?? "(none)", _manager.Receive(TimeSpan.Zero) ?? "(none)"];
        host.Add(only);

        Task running = host.RunAsync();
        await host.Started.WaitAsync(Wait);
        host.RequestStop();
        await running.WaitAsync(Wait);

        Assert.Equal(["READY=1", "STOPPING=1"], beforeStop);
        Assert.Equal(["start a", "stop a"], Events());
    }

    [Fact]
    public async Task RunAsync_PartFailsToStart_StopsTheStartedPartsInReverseAndRethrows()
    {
        using ServiceHost host = Host();
        Part failing = NewPart("c");
        failing.OnStart = () => throw new ListenerStartException("cannot listen on 127.0.0.1:1: in use", new IOException("in use"));
        host.Add(NewPart("a"));
        host.Add(NewPart("b"));
        host.Add(failing);
        host.Add(NewPart("d"));

        ListenerStartException thrown = await Assert.ThrowsAsync<ListenerStartException>(host.RunAsync).WaitAsync(Wait);

        Assert.StartsWith("cannot listen on", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(["start a", "start b", "start c", "stop b", "stop a"], Events());
        Assert.False(host.Started.IsCompleted);
        // A local datagram is queued by the time sendto returns: READY=1 would be here now.
        Assert.Null(_manager.Receive(TimeSpan.Zero));
    }

    [Fact]
    public async Task RunAsync_StopRequestedWhileStarting_StopsWhatStartedWithoutReady()
    {
        using ServiceHost host = Host();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Part slow = NewPart("b");
        slow.StartWaitsForCancellation = waiting;
        host.Add(NewPart("a"));
        host.Add(slow);
        host.Add(NewPart("c"));

        Task running = host.RunAsync();
        await waiting.Task.WaitAsync(Wait);
        host.RequestStop();
        await running.WaitAsync(Wait);

        // b did not finish starting, so only a is stopped; c never started.
        Assert.Equal(["start a", "start b", "stop a"], Events());
        Assert.Equal("STOPPING=1", _manager.Receive(Wait));
        Assert.Null(_manager.Receive(TimeSpan.Zero));
        Assert.False(host.Started.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_PartDoesNotStopInTime_IsAbandonedAndTheOthersAreStillAskedToStop()
    {
        using ServiceHost host = Host(TimeSpan.FromMilliseconds(200));
        Part stuck = NewPart("b");
        stuck.StopNeverCompletes = true;
        Part first = NewPart("a");
        host.Add(first);
        host.Add(stuck);
        host.Add(NewPart("c"));

        Task running = host.RunAsync();
        await host.Started.WaitAsync(Wait);
        host.RequestStop();
        await running.WaitAsync(Wait);

        Assert.Equal(["start a", "start b", "start c", "stop c", "stop b", "stop a"], Events());
        // c stopped in time; a was asked after the timeout had passed, with its token cancelled.
        Assert.True(first.StopTokenWasCancelled);
        Assert.Contains("<4>EdgeWamp.Host.Hosting.ServiceHost[5142] Shutdown: Part did not stop within the shutdown timeout (0.2 s)", Log(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PartThrowsOnStop_LogsItAndStopsTheRest()
    {
        using ServiceHost host = Host();
        Part failing = NewPart("b");
        failing.OnStop = () => throw new InvalidOperationException("stop failed");
        host.Add(NewPart("a"));
        host.Add(failing);

        Task running = host.RunAsync();
        await host.Started.WaitAsync(Wait);
        host.RequestStop();
        await running.WaitAsync(Wait);

        Assert.Equal(["start a", "start b", "stop b", "stop a"], Events());
        string log = Log();
        Assert.Contains("<3>EdgeWamp.Host.Hosting.ServiceHost[5143] Shutdown: Part failed to stop\n<3>      System.InvalidOperationException: stop failed", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoNotifySocket_RunsAndStopsTheSame()
    {
        using var disabled = new NotifySocket(null);
        using var host = new ServiceHost(Wait, disabled, _loggers.CreateLogger<ServiceHost>());
        host.Add(NewPart("a"));

        Task running = host.RunAsync();
        await host.Started.WaitAsync(Wait);
        host.RequestStop();
        host.RequestStop();
        await running.WaitAsync(Wait);

        Assert.Equal(["start a", "stop a"], Events());
    }

    /// <summary>A part that records when it is started and stopped, and can be told to fail, hang or wait.</summary>
    private sealed class Part : IHostedPart
    {
        private readonly string _name;
        private readonly List<string> _events;

        public Part(string name, List<string> events)
        {
            _name = name;
            _events = events;
        }

        public Action? OnStart { get; set; }

        public Action? OnStop { get; set; }

        /// <summary>Set: StartAsync signals this, then waits until its token is cancelled.</summary>
        public TaskCompletionSource? StartWaitsForCancellation { get; set; }

        public bool StopNeverCompletes { get; set; }

        public bool StopTokenWasCancelled { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            Record("start " + _name);
            OnStart?.Invoke();
            if (StartWaitsForCancellation is { } waiting)
            {
                waiting.SetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Record("stop " + _name);
            StopTokenWasCancelled = cancellationToken.IsCancellationRequested;
            OnStop?.Invoke();
            // Ignores its token, as a part stuck in a blocking call would.
            return StopNeverCompletes ? new TaskCompletionSource().Task : Task.CompletedTask;
        }

        private void Record(string what)
        {
            lock (_events)
            {
                _events.Add(what);
            }
        }
    }
}
