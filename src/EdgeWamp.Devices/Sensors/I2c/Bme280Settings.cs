namespace EdgeWamp.Devices.Sensors.I2c;

/// <summary>How the BME280 measures (datasheet 3.3-3.5, 5.4.3-5.4.6).</summary>
internal sealed class Bme280Settings
{
    /// <summary>The oversampling choices; osrs register code = index + 1 (5.4.3, 5.4.5: 001 = ×1 ... 101 = ×16).</summary>
    public static readonly string[] OversamplingChoices = ["1", "2", "4", "8", "16"];

    /// <summary>IIR filter coefficients in filter-code order (config register, 5.4.6).</summary>
    public static readonly string[] FilterChoices = ["off", "2", "4", "8", "16"];

    /// <summary>Normal-mode standby times in ms, in t_sb-code order (config register, 5.4.6).</summary>
    public static readonly string[] StandbyChoices = ["0.5", "62.5", "125", "250", "500", "1000", "10", "20"];

    /// <summary>Forced mode (one measurement per read, then sleep) or normal mode (measures continuously).</summary>
    public bool Normal { get; init; }

    /// <summary>Index into <see cref="OversamplingChoices"/>, the same for T, P and H.</summary>
    public int OversamplingIndex { get; init; }

    public int FilterCode { get; init; }

    public int StandbyCode { get; init; } = 5;

    public byte OversamplingCode => (byte)(OversamplingIndex + 1);

    public int Oversampling => 1 << OversamplingIndex;
}
