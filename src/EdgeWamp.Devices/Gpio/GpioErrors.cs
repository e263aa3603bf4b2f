namespace EdgeWamp.Devices.Gpio;

/// <summary>Error URIs the GPIO procedures answer with (docs/devices.md, "Errors").</summary>
public static class GpioErrors
{
    /// <summary>An argument is missing, not a number, or out of range.</summary>
    public const string InvalidArgument = "wamp.error.invalid_argument";

    /// <summary>The GPIO driver refused the operation (the line was taken, the chip went away).</summary>
    public const string Failed = "edgewamp.error.gpio_failed";
}
