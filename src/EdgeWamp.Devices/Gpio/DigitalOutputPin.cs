using System.Device.Gpio;
using EdgeWamp.Devices.Local;
using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Devices.Gpio;

/// <summary>
/// An output: <c>gpio.&lt;pin&gt;.write(value)</c>, <c>.toggle()</c>, <c>.pulse(duration, value=1)</c> and <c>.read()</c>;
/// every change publishes <c>gpio.&lt;pin&gt;.state</c> <c>{value, ts}</c>.
/// </summary>
/// <remarks>
/// Pulses: a pulse sets the level now and the opposite level after <c>duration</c> ms. A pulse during a pulse extends
/// it to end <c>duration</c> ms from the new call (a retriggerable monostable, like a staircase light); a write or a
/// toggle during a pulse cancels its end, because an explicit level is what the caller wants.
/// </remarks>
internal sealed class DigitalOutputPin : IBridgedPin, IDisposable
{
    // A pulse longer than a minute is a timer's job, not a pulse's.
    private const double MaxPulseMilliseconds = 60_000;

    private readonly GpioPinOptions _options;
    private readonly GpioController _controller;
    private readonly GpioEvents _events;
    private readonly byte[] _stateTopic;
    private readonly Lock _lock = new();
    private readonly ITimer _pulseEnd;
    private bool _high;
    private bool _pulseEndLevel;
    private bool _pulsing;

    public DigitalOutputPin(GpioPinOptions options, GpioController controller, GpioEvents events)
    {
        _options = options;
        _controller = controller;
        _events = events;
        _stateTopic = GpioEvents.StateTopic(options.Name);
        _high = options.Initial == PinValue.High;
        _controller.OpenPin(options.Line, PinMode.Output, options.Initial);
        _pulseEnd = events.Time.CreateTimer(static state => ((DigitalOutputPin)state!).EndPulse(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name => _options.Name;

    public Task RegisterAsync(LocalSession session, CancellationToken cancellationToken) => Task.WhenAll(
        session.RegisterAsync($"gpio.{Name}.read", Read, cancellationToken),
        session.RegisterAsync($"gpio.{Name}.write", Write, cancellationToken),
        session.RegisterAsync($"gpio.{Name}.toggle", Toggle, cancellationToken),
        session.RegisterAsync($"gpio.{Name}.pulse", Pulse, cancellationToken));

    public void PublishState()
    {
        bool high;
        lock (_lock)
        {
            high = _high;
        }

        _events.PublishLevel(_stateTopic, high, _events.Now);
    }

    public void ApplySafeState()
    {
        lock (_lock)
        {
            _pulsing = false;
            _pulseEnd.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (_options.Safe is { } safe)
            {
                _controller.Write(_options.Line, safe);
                _high = safe == PinValue.High;
            }
        }
    }

    public void Dispose() => _pulseEnd.Dispose();

    private string? Read(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount)
    {
        lock (_lock)
        {
            resultCount = GpioPayload.WriteLevel(result, _high, _events.Now);
        }

        return null;
    }

    private string? Write(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount)
    {
        resultCount = 0;
        if (!TryReadLevel(arguments, count, required: true, out bool high))
        {
            return GpioErrors.InvalidArgument;
        }

        lock (_lock)
        {
            CancelPulse();
            Set(high);
        }

        resultCount = GpioPayload.WriteLevel(result, high, _events.Now);
        return null;
    }

    private string? Toggle(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount)
    {
        bool high;
        lock (_lock)
        {
            CancelPulse();
            high = !_high;
            Set(high);
        }

        resultCount = GpioPayload.WriteLevel(result, high, _events.Now);
        return null;
    }

    /// <summary><c>pulse(duration)</c> or kwargs <c>{duration, value}</c>: <c>duration</c> in ms, <c>value</c> the pulse's level (default 1).</summary>
    private string? Pulse(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount)
    {
        resultCount = 0;
        if (!InvocationArguments.TryRead(arguments, count, out InvocationArguments parsed)
            || parsed.TryGet("duration", 0, out double duration) != ArgumentState.Number
            || duration is <= 0 or > MaxPulseMilliseconds)
        {
            return GpioErrors.InvalidArgument;
        }

        bool high = true;
        switch (parsed.TryGet("value", 1, out double value))
        {
            case ArgumentState.Number when value is 0 or 1:
                high = value == 1;
                break;
            case ArgumentState.Missing:
                break;
            default:
                return GpioErrors.InvalidArgument;
        }

        lock (_lock)
        {
            if (!_pulsing)
            {
                _pulseEndLevel = !high;
            }

            _pulsing = true;
            Set(high);
            _pulseEnd.Change(TimeSpan.FromMilliseconds(duration), Timeout.InfiniteTimeSpan);
        }

        resultCount = GpioPayload.WriteLevel(result, high, _events.Now);
        return null;
    }

    private void EndPulse()
    {
        lock (_lock)
        {
            if (!_pulsing)
            {
                return;
            }

            _pulsing = false;
            Set(_pulseEndLevel);
        }
    }

    private void CancelPulse()
    {
        _pulsing = false;
        _pulseEnd.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Drives the line and publishes a change. Callers hold <see cref="_lock"/>, so states publish in order.</summary>
    private void Set(bool high)
    {
        _controller.Write(_options.Line, high ? PinValue.High : PinValue.Low);
        bool changed = high != _high;
        _high = high;
        if (changed)
        {
            _events.PublishLevel(_stateTopic, high, _events.Now);
        }
    }

    private static bool TryReadLevel(ReadOnlySpan<byte> arguments, int count, bool required, out bool high)
    {
        high = false;
        if (!InvocationArguments.TryRead(arguments, count, out InvocationArguments parsed))
        {
            return false;
        }

        ArgumentState state = parsed.TryGet("value", 0, out double value);
        if (state == ArgumentState.Missing && !required)
        {
            return true;
        }

        high = value == 1;
        return state == ArgumentState.Number && value is 0 or 1;
    }
}
