namespace EdgeWamp.Devices.Lines;

/// <summary>Settings of one line bridge.</summary>
public sealed class LineBridgeOptions
{
    /// <summary>For logs, e.g. the serial device path.</summary>
    public required string Name { get; init; }

    /// <summary>The realm the bridge's session joins.</summary>
    public required string Realm { get; init; }

    /// <summary>A procedure that writes its first argument (a string) to the device; null for none.</summary>
    public string? WriteProcedure { get; init; }

    /// <summary>Tried in order; the first rule that finds a value in a line publishes it.</summary>
    public required IReadOnlyList<LineRule> Rules { get; init; }
}
