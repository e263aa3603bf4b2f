namespace EdgeWamp.Host.Configuration;

/// <summary>The fixed string values of board files and the <c>devices</c> section.</summary>
internal static class DeviceVocabulary
{
    public const string ModeInput = "input";
    public const string ModeOutput = "output";
    public const string ModePwm = "pwm";

    public const string PullNone = "none";
    public const string PullUp = "up";
    public const string PullDown = "down";

    public const string EdgeBoth = "both";
    public const string EdgeRising = "rising";
    public const string EdgeFalling = "falling";

    public const string LevelLow = "low";
    public const string LevelHigh = "high";
    public const string LevelKeep = "keep";

    /// <summary>The simulated gpiochip label, and the simulated environment sensor's driver.</summary>
    public const string Sim = "sim";

    /// <summary>The board value for no board: no pins, no sensors (system metrics still on).</summary>
    public const string BoardNone = "none";

    public static readonly string[] Modes = [ModeInput, ModeOutput, ModePwm];
    public static readonly string[] Pulls = [PullNone, PullUp, PullDown];
    public static readonly string[] Edges = [EdgeBoth, EdgeRising, EdgeFalling];
    public static readonly string[] InitialLevels = [LevelLow, LevelHigh];
    public static readonly string[] SafeLevels = [LevelLow, LevelHigh, LevelKeep];

    /// <summary>The built-in board files (firmware-configs/, embedded in the binary).</summary>
    public static readonly string[] BuiltInBoards = ["sim", "rpi4", "rpi5", "zero2w"];

    /// <summary>Sensor drivers that talk I2C, which get the board's <c>i2cBus</c> when they name no <c>bus</c>.</summary>
    public static readonly string[] I2cDrivers = ["bme280", "sht3x", "ads1115", "bh1750"];
}
