namespace EdgeWamp.Devices.Tests.TestSupport;

/// <summary>A clock stopped at one instant, so published timestamps can be asserted exactly.</summary>
internal sealed class FixedTime : TimeProvider
{
    public static readonly DateTimeOffset Instant = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Instant;
}
