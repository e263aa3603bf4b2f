namespace EdgeWamp.Router.Authorization;

/// <summary>How a rule's URI is compared with a message's URI (config: <c>match</c>).</summary>
public enum UriMatch : byte
{
    /// <summary>The URIs are equal.</summary>
    Exact,

    /// <summary>The message URI starts with the rule URI; an empty rule URI matches everything.</summary>
    Prefix,

    /// <summary>Same number of dot-separated components; an empty rule component matches any one component.</summary>
    Wildcard,
}
