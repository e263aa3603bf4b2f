namespace EdgeWamp.Router.Authentication;

/// <summary>Per-address throttling of failed authentications (config: <c>limits.authFailures*</c>).</summary>
public sealed class FailedAuthenticationLimits
{
    /// <summary>Failures within <see cref="Window"/> after which the address is refused; 0 turns throttling off.</summary>
    /// <remarks>Defaults to 5.</remarks>
    public int MaxFailures { get; init; } = 5;

    /// <remarks>Defaults to 60 seconds.</remarks>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an address that reached <see cref="MaxFailures"/> gets ABORT at once.</summary>
    /// <remarks>Defaults to 60 seconds.</remarks>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Addresses tracked at once; the table never grows past it (the stalest entry makes room).</summary>
    /// <remarks>Defaults to 4,096.</remarks>
    public int MaxAddresses { get; init; } = 4096;
}
