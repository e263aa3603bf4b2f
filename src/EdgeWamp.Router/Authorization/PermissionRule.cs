using System.Text;

namespace EdgeWamp.Router.Authorization;

/// <summary>One permission of a role: which actions are allowed on which URIs.</summary>
public sealed class PermissionRule
{
    private readonly byte[] _uri;

    public PermissionRule(string uri, UriMatch match, WampAction allow, RuleDisclosure disclose = RuleDisclosure.None)
    {
        _uri = Encoding.UTF8.GetBytes(uri);
        Match = match;
        Allow = allow;
        Disclose = disclose;
    }

    /// <summary>Identities this rule forces into the messages of the actions it allows.</summary>
    public RuleDisclosure Disclose { get; }

    public UriMatch Match { get; }

    public WampAction Allow { get; }

    public bool Matches(ReadOnlySpan<byte> uri) => Match switch
    {
        UriMatch.Exact => uri.SequenceEqual(_uri),
        UriMatch.Prefix => uri.StartsWith(_uri),
        _ => Uris.WampUriPattern.MatchesWildcard(_uri, uri),
    };

}
