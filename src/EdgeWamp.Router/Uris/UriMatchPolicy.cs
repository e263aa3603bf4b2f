namespace EdgeWamp.Router.Uris;

/// <summary>
/// How a subscription or registration URI matches a publication's topic or a call's procedure
/// (WAMP spec, "Pattern-based Subscriptions" and "Pattern-based Registrations"; Options.match).
/// </summary>
public enum UriMatchPolicy : byte
{
    /// <summary>The URIs are equal (the default).</summary>
    Exact,

    /// <summary>The topic or procedure starts with the URI.</summary>
    Prefix,

    /// <summary>Same number of components; an empty component of the URI matches any one component.</summary>
    Wildcard,
}
