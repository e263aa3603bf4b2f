namespace EdgeWamp.Devices.Gpio;

/// <summary>What a configured pin is for.</summary>
public enum GpioPinKind
{
    /// <summary>Read, with edge events on <c>gpio.&lt;pin&gt;.state</c>.</summary>
    Input,

    /// <summary>Driven high or low by <c>write</c>, <c>toggle</c> and <c>pulse</c>.</summary>
    Output,

    /// <summary>A PWM output: duty cycle and frequency.</summary>
    Pwm,
}
