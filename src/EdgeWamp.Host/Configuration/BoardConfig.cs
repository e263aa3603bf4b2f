namespace EdgeWamp.Host.Configuration;

/// <summary>
/// A board file from <c>firmware-configs/</c> (docs/devices.md, "Board files"): the pins and sensors of one kind of
/// board, with its gpiochip named by label.
/// </summary>
internal sealed class BoardConfig
{
    /// <summary>The board's short name (<c>rpi4</c>).</summary>
    public required string Name { get; set; }

    /// <summary>What the board is, for people.</summary>
    /// <remarks>Defaults to empty.</remarks>
    public string Description { get; set; } = string.Empty;

    /// <summary>The label of the gpiochip with the header pins (<c>pinctrl-bcm2711</c>); <c>sim</c> for a simulated chip.</summary>
    /// <remarks>Defaults to <c>sim</c>.</remarks>
    public string Gpiochip { get; set; } = "sim";

    /// <summary>The I2C bus on the header (<c>/dev/i2c-N</c>), given to I2C sensors with no <c>bus</c> option.</summary>
    /// <remarks>Defaults to 1, the header's bus on every Raspberry Pi.</remarks>
    public int I2cBus { get; set; } = 1;

    /// <summary>The board's pins.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<PinConfig> Pins { get; set; } = [];

    /// <summary>The board's sensors.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<SensorConfig> Sensors { get; set; } = [];
}
