using System.Device.Gpio;
using EdgeWamp.Devices.Local;
using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Devices.Gpio;

/// <summary>
/// An input: each accepted edge publishes <c>gpio.&lt;pin&gt;.state</c> <c>{value, ts}</c>; with a debounce, the level is
/// published once it has been stable that long (a bouncing contact publishes once). <c>gpio.&lt;pin&gt;.read</c>
/// returns the level now. On a simulated chip, <c>gpio.&lt;pin&gt;.simulate(value)</c> drives the line from outside.
/// </summary>
internal sealed class DigitalInputPin : IBridgedPin, IDisposable
{
    private readonly GpioPinOptions _options;
    private readonly GpioController _controller;
    private readonly SimulatedGpioDriver? _simulated;
    private readonly GpioEvents _events;
    private readonly byte[] _stateTopic;
    private readonly Lock _lock = new();
    private readonly ITimer? _debounce;
    private bool? _published;

    public DigitalInputPin(GpioPinOptions options, GpioController controller, SimulatedGpioDriver? simulated, GpioEvents events)
    {
        _options = options;
        _controller = controller;
        _simulated = simulated;
        _events = events;
        _stateTopic = GpioEvents.StateTopic(options.Name);
        _controller.OpenPin(options.Line, options.Pull);
        if (options.Debounce > TimeSpan.Zero)
        {
            _debounce = events.Time.CreateTimer(static state => ((DigitalInputPin)state!).OnStable(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _controller.RegisterCallbackForPinValueChangedEvent(options.Line, options.Edge, OnEdge);
    }

    public string Name => _options.Name;

    public Task RegisterAsync(LocalSession session, CancellationToken cancellationToken)
    {
        Task read = session.RegisterAsync($"gpio.{Name}.read", Read, cancellationToken);
        return _simulated is null
            ? read
            : Task.WhenAll(read, session.RegisterAsync($"gpio.{Name}.simulate", Simulate, cancellationToken));
    }

    public void PublishState()
    {
        bool high = _controller.Read(_options.Line) == PinValue.High;
        lock (_lock)
        {
            _published = high;
        }

        _events.PublishLevel(_stateTopic, high, _events.Now);
    }

    public void ApplySafeState()
    {
        // An input drives nothing.
    }

    public void Dispose()
    {
        _debounce?.Dispose();
        _controller.UnregisterCallbackForPinValueChangedEvent(_options.Line, OnEdge);
    }

    private void OnEdge(object sender, PinValueChangedEventArgs args)
    {
        if (_debounce is not null)
        {
            // Restarted by every edge: it fires once the line has been quiet for the debounce time.
            _debounce.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
            return;
        }

        bool high = args.ChangeType == PinEventTypes.Rising;
        lock (_lock)
        {
            _published = high;
        }

        _events.PublishLevel(_stateTopic, high, _events.Now);
    }

    private void OnStable()
    {
        bool high = _controller.Read(_options.Line) == PinValue.High;
        PinEventTypes edge = high ? PinEventTypes.Rising : PinEventTypes.Falling;
        lock (_lock)
        {
            // With both edges, only a change is news; with one edge, each settled edge of that kind is an event.
            bool both = _options.Edge == (PinEventTypes.Rising | PinEventTypes.Falling);
            if ((_options.Edge & edge) == 0 || (both && _published == high))
            {
                return;
            }

            _published = high;
        }

        _events.PublishLevel(_stateTopic, high, _events.Now);
    }

    private string? Read(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount)
    {
        resultCount = GpioPayload.WriteLevel(result, _controller.Read(_options.Line) == PinValue.High, _events.Now);
        return null;
    }

    /// <summary>Drives the simulated line to <c>value</c> (1/0, true/false), as a button or a signal would.</summary>
    private string? Simulate(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount)
    {
        resultCount = 0;
        if (!InvocationArguments.TryRead(arguments, count, out InvocationArguments parsed)
            || parsed.TryGet("value", 0, out double value) != ArgumentState.Number || value is not (0 or 1))
        {
            return GpioErrors.InvalidArgument;
        }

        _simulated!.Drive(_options.Line, value == 1 ? PinValue.High : PinValue.Low);
        resultCount = GpioPayload.WriteLevel(result, value == 1, _events.Now);
        return null;
    }
}
