namespace EdgeWamp.Client;

/// <summary>SUBSCRIBE.Options and REGISTER.Options: how the URI matches (WAMP spec, pattern-based subscription and registration).</summary>
public sealed class WampMatchOptions
{
    public static readonly WampMatchOptions Exact = new();

    public static readonly WampMatchOptions Prefix = new() { Match = "prefix" };

    /// <summary>"exact" (the default, not sent), "prefix" or "wildcard".</summary>
    public string Match { get; init; } = "exact";
}

/// <summary>PUBLISH.Options this client sends (WAMP spec, "Publish and Subscribe", Advanced Profile publisher features).</summary>
public sealed class WampPublishOptions
{
    public static readonly WampPublishOptions Default = new();

    /// <summary>Ask for PUBLISHED (or ERROR), so the publisher knows the broker took the event.</summary>
    public bool Acknowledge { get; init; }

    /// <summary>Whether this session receives its own event when subscribed; WAMP's default is true (excluded).</summary>
    public bool ExcludeMe { get; init; } = true;

    /// <summary>Ask the broker to retain the event for later subscribers.</summary>
    public bool Retain { get; init; }
}
