namespace EdgeWamp.Host.Configuration;

/// <summary>Grants some actions on the URIs that match a pattern.</summary>
internal sealed class PermissionConfig
{
    /// <summary>The URI, URI prefix or wildcard pattern the permission covers.</summary>
    /// <remarks>
    /// Required, with no default: a forgotten <c>uri</c> must not silently grant everything.
    /// With <c>"match": "prefix"</c>, the empty string covers every URI.
    /// </remarks>
    public required string Uri { get; set; }

    /// <summary>How <see cref="Uri"/> is compared: one of <see cref="ConfigVocabulary.PermissionMatches"/>.</summary>
    /// <remarks>Defaults to <c>"exact"</c>, the narrowest grant.</remarks>
    public string Match { get; set; } = ConfigVocabulary.MatchExact;

    /// <summary>The actions granted: items of <see cref="ConfigVocabulary.PermissionActions"/>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<string> Allow { get; set; } = [];

    /// <summary>Identities forced into the messages of the actions this permission allows.</summary>
    /// <remarks>Defaults to none: the client's own disclose_me decides.</remarks>
    public DisclosureConfig? Disclose { get; set; }
}
