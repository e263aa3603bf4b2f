using System.Text.RegularExpressions;

namespace EdgeWamp.Devices.Lines;

/// <summary>One way to read a line and the values to publish from it under <see cref="Topic"/>.</summary>
public sealed class LineRule
{
    public required LineFormat Format { get; init; }

    /// <summary>The topic prefix: values go to <c>Topic + "." + quantity</c>.</summary>
    public required string Topic { get; init; }

    /// <summary>The expression for <see cref="LineFormat.Regex"/>.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>The values to publish; empty publishes every value found, typed automatically.</summary>
    public IReadOnlyList<LineField> Fields { get; init; } = [];
}
