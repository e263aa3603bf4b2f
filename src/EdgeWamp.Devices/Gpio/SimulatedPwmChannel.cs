using System.Device.Pwm;

namespace EdgeWamp.Devices.Gpio;

/// <summary>
/// A PWM channel in memory that checks what the kernel's sysfs PWM interface checks: a frequency above zero and a duty
/// cycle from 0 to 1. The sim board's PWM pins use it, and tests read back what was set.
/// </summary>
public sealed class SimulatedPwmChannel : PwmChannel
{
    private int _frequency;
    private double _dutyCycle;

    public SimulatedPwmChannel(int frequency, double dutyCycle)
    {
        Frequency = frequency;
        DutyCycle = dutyCycle;
    }

    public bool IsRunning { get; private set; }

    public bool IsDisposed { get; private set; }

    public override int Frequency
    {
        get => _frequency;
        set => _frequency = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the frequency must be above 0 Hz");
    }

    public override double DutyCycle
    {
        get => _dutyCycle;
        set => _dutyCycle = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the duty cycle must be from 0 to 1");
    }

    public override void Start() => IsRunning = true;

    public override void Stop() => IsRunning = false;

    protected override void Dispose(bool disposing)
    {
        IsRunning = false;
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
