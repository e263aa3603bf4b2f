namespace EdgeWamp.Host.Configuration;

/// <summary>
/// A serial device that prints text lines, bridged into a realm (docs/serial.md, "Line bridge"): each line is
/// matched against <see cref="Rules"/>, and each value found is published as <c>{value, unit, ts}</c>.
/// </summary>
internal sealed class LineBridgeConfig
{
    /// <summary>The realm the bridge joins, as an in-process session of the router.</summary>
    /// <remarks>Required.</remarks>
    public required string Realm { get; set; }

    /// <summary>The role of <see cref="Realm"/> the bridge's session gets (it joins with the router-internal method "trusted").</summary>
    /// <remarks>Defaults to none: the built-in role "trusted", allowed everything.</remarks>
    public string? Authrole { get; set; }

    /// <summary>A procedure that writes its first argument (a string) to the device as one line.</summary>
    /// <remarks>Defaults to none: the device is read only.</remarks>
    public string? WriteProcedure { get; set; }

    /// <summary>What ends each line written to the device.</summary>
    /// <remarks>Defaults to <c>"\n"</c>; many devices want <c>"\r\n"</c>.</remarks>
    public string LineEnding { get; set; } = "\n";

    /// <summary>The rules, tried in order; the first that matches a line publishes it.</summary>
    /// <remarks>Required and non-empty.</remarks>
    public required IReadOnlyList<LineRuleConfig> Rules { get; set; }
}
