namespace EdgeWamp.Host.Configuration;

/// <summary>One GPIO pin in a board file or in <c>devices.pins</c> (docs/devices.md, "GPIO").</summary>
internal sealed class PinConfig
{
    /// <summary>The pin's name in URIs (<c>gpio.&lt;name&gt;.state</c>): letters, digits and <c>_</c>.</summary>
    public required string Name { get; set; }

    /// <summary>The line offset on its chip: the BCM GPIO number on a Raspberry Pi.</summary>
    /// <remarks>Defaults to 0.</remarks>
    public int Line { get; set; }

    /// <summary>The label of the line's gpiochip.</summary>
    /// <remarks>Defaults to the board's <c>gpiochip</c>.</remarks>
    public string? Chip { get; set; }

    /// <summary><c>input</c>, <c>output</c> or <c>pwm</c>.</summary>
    public required string Mode { get; set; }

    /// <summary>An input's bias: <c>none</c>, <c>up</c> or <c>down</c>.</summary>
    /// <remarks>Defaults to <c>none</c>.</remarks>
    public string Pull { get; set; } = DeviceVocabulary.PullNone;

    /// <summary>The edges of an input that publish its state: <c>both</c>, <c>rising</c> or <c>falling</c>.</summary>
    /// <remarks>Defaults to <c>both</c>.</remarks>
    public string Edge { get; set; } = DeviceVocabulary.EdgeBoth;

    /// <summary>How long an input must be stable before its level is published, in ms; 0 publishes every edge.</summary>
    /// <remarks>Defaults to 0.</remarks>
    public int DebounceMs { get; set; }

    /// <summary>An output's level at start: <c>low</c> or <c>high</c>.</summary>
    /// <remarks>Defaults to <c>low</c>.</remarks>
    public string Initial { get; set; } = DeviceVocabulary.LevelLow;

    /// <summary>An output's level at shutdown: <c>low</c>, <c>high</c> or <c>keep</c>; a PWM pin: <c>keep</c> or anything else for <c>safeDuty</c>.</summary>
    /// <remarks>Defaults to <c>low</c>: a relay or heater is off when nothing controls it.</remarks>
    public string Safe { get; set; } = DeviceVocabulary.LevelLow;

    /// <summary>A PWM pin's PWM chip (<c>/sys/class/pwm/pwmchipN</c>).</summary>
    /// <remarks>Defaults to 0.</remarks>
    public int PwmChip { get; set; }

    /// <summary>A PWM pin's channel on its PWM chip.</summary>
    /// <remarks>Defaults to 0.</remarks>
    public int PwmChannel { get; set; }

    /// <summary>A PWM pin's frequency at start, in Hz.</summary>
    /// <remarks>Defaults to 1000.</remarks>
    public int Frequency { get; set; } = 1000;

    /// <summary>A PWM pin's duty cycle at start, 0 to 1.</summary>
    /// <remarks>Defaults to 0.</remarks>
    public double Duty { get; set; }

    /// <summary>A PWM pin's duty cycle at shutdown, 0 to 1 (0 stops the channel), unless <c>safe</c> is <c>keep</c>.</summary>
    /// <remarks>Defaults to 0.</remarks>
    public double SafeDuty { get; set; }

    /// <summary>False removes a board pin of the same name.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool Enabled { get; set; } = true;
}
