using System.Device.Gpio;

namespace EdgeWamp.Devices.Gpio;

/// <summary>One pin as the board file and config describe it (docs/devices.md, "GPIO").</summary>
public sealed class GpioPinOptions
{
    /// <summary>The pin's name in URIs: <c>gpio.&lt;name&gt;.state</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The label of the gpiochip the line is on (<c>pinctrl-bcm2711</c>), or <c>sim</c> for a simulated chip.</summary>
    public required string Chip { get; init; }

    /// <summary>The line offset on the chip (the BCM GPIO number on a Raspberry Pi).</summary>
    public required int Line { get; init; }

    public required GpioPinKind Kind { get; init; }

    /// <summary>An input's bias: <see cref="PinMode.Input"/>, <see cref="PinMode.InputPullUp"/> or <see cref="PinMode.InputPullDown"/>.</summary>
    /// <remarks>Defaults to no pull.</remarks>
    public PinMode Pull { get; init; } = PinMode.Input;

    /// <summary>The edges of an input that publish its state.</summary>
    /// <remarks>Defaults to both.</remarks>
    public PinEventTypes Edge { get; init; } = PinEventTypes.Rising | PinEventTypes.Falling;

    /// <summary>How long an input must be stable before its new level is published (contact bounce); zero publishes every edge.</summary>
    public TimeSpan Debounce { get; init; }

    /// <summary>An output's level when the router starts.</summary>
    /// <remarks>Defaults to low.</remarks>
    public PinValue Initial { get; init; } = PinValue.Low;

    /// <summary>An output's level when the router stops; null leaves it as it is.</summary>
    /// <remarks>Defaults to low: a relay or heater is off when nothing controls it.</remarks>
    public PinValue? Safe { get; init; } = PinValue.Low;

    /// <summary>A PWM pin's sysfs PWM chip number (<c>/sys/class/pwm/pwmchipN</c>).</summary>
    public int PwmChip { get; init; }

    /// <summary>A PWM pin's channel on its PWM chip.</summary>
    public int PwmChannel { get; init; }

    /// <summary>A PWM pin's frequency in Hz when the router starts.</summary>
    /// <remarks>Defaults to 1000 Hz.</remarks>
    public int Frequency { get; init; } = 1000;

    /// <summary>A PWM pin's duty cycle (0 to 1) when the router starts.</summary>
    /// <remarks>Defaults to 0 (off).</remarks>
    public double Duty { get; init; }

    /// <summary>A PWM pin's duty cycle when the router stops; null leaves it running.</summary>
    /// <remarks>Defaults to 0, which also stops the channel.</remarks>
    public double? SafeDuty { get; init; } = 0;
}
