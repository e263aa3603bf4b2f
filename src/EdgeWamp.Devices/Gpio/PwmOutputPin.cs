using System.Device.Pwm;
using EdgeWamp.Devices.Local;
using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Devices.Gpio;

/// <summary>
/// A PWM output: <c>gpio.&lt;pin&gt;.write(duty)</c> or kwargs <c>{duty, frequency}</c> (duty 0 to 1, frequency in Hz)
/// and <c>.read()</c>; each change publishes <c>gpio.&lt;pin&gt;.state</c> <c>{duty, frequency, ts}</c>.
/// </summary>
internal sealed class PwmOutputPin : IBridgedPin, IDisposable
{
    // The Pi's PWM clock divides down from tens of MHz; above 1 MHz the duty resolution is gone.
    private const double MaxFrequency = 1_000_000;

    private readonly GpioPinOptions _options;
    private readonly PwmChannel _channel;
    private readonly GpioEvents _events;
    private readonly byte[] _stateTopic;
    private readonly Lock _lock = new();

    public PwmOutputPin(GpioPinOptions options, PwmChannel channel, GpioEvents events)
    {
        _options = options;
        _channel = channel;
        _events = events;
        _stateTopic = GpioEvents.StateTopic(options.Name);
        _channel.Frequency = options.Frequency;
        _channel.DutyCycle = options.Duty;
        _channel.Start();
    }

    public string Name => _options.Name;

    public Task RegisterAsync(LocalSession session, CancellationToken cancellationToken) => Task.WhenAll(
        session.RegisterAsync($"gpio.{Name}.read", Read, cancellationToken),
        session.RegisterAsync($"gpio.{Name}.write", Write, cancellationToken));

    public void PublishState()
    {
        lock (_lock)
        {
            _events.PublishPwm(_stateTopic, _channel.DutyCycle, _channel.Frequency, _events.Now);
        }
    }

    public void ApplySafeState()
    {
        lock (_lock)
        {
            if (_options.SafeDuty is { } duty)
            {
                _channel.DutyCycle = duty;
                if (duty == 0)
                {
                    _channel.Stop();
                }
            }
        }
    }

    public void Dispose() => _channel.Dispose();

    private string? Read(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount)
    {
        lock (_lock)
        {
            resultCount = GpioPayload.WritePwm(result, _channel.DutyCycle, _channel.Frequency, _events.Now);
        }

        return null;
    }

    private string? Write(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount)
    {
        resultCount = 0;
        if (!InvocationArguments.TryRead(arguments, count, out InvocationArguments parsed))
        {
            return GpioErrors.InvalidArgument;
        }

        ArgumentState dutyState = parsed.TryGet("duty", 0, out double duty);
        ArgumentState frequencyState = parsed.TryGet("frequency", 1, out double frequency);
        if (dutyState == ArgumentState.NotNumeric || frequencyState == ArgumentState.NotNumeric
            || (dutyState == ArgumentState.Missing && frequencyState == ArgumentState.Missing)
            || (dutyState == ArgumentState.Number && duty is < 0 or > 1)
            || (frequencyState == ArgumentState.Number && (frequency is < 1 or > MaxFrequency || frequency != Math.Floor(frequency))))
        {
            return GpioErrors.InvalidArgument;
        }

        lock (_lock)
        {
            if (frequencyState == ArgumentState.Number)
            {
                _channel.Frequency = (int)frequency;
            }

            if (dutyState == ArgumentState.Number)
            {
                _channel.DutyCycle = duty;
            }

            _channel.Start();
            long now = _events.Now;
            _events.PublishPwm(_stateTopic, _channel.DutyCycle, _channel.Frequency, now);
            resultCount = GpioPayload.WritePwm(result, _channel.DutyCycle, _channel.Frequency, now);
        }

        return null;
    }
}
