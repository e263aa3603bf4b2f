namespace EdgeWamp.Router.Authentication;

/// <summary>How long and how many WAMP cookies the router remembers (config: <c>authentication.cookie</c>).</summary>
public sealed class CookieLimits
{
    /// <remarks>Defaults to one day.</remarks>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Cookies remembered at once; 0 remembers none.</summary>
    /// <remarks>Defaults to 10,000.</remarks>
    public int MaxEntries { get; init; } = 10_000;
}
