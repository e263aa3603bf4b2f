using System.Text;

namespace EdgeWamp.Router.Authorization;

/// <summary>One permission of a role: which actions are allowed on which URIs.</summary>
public sealed class PermissionRule
{
    private readonly byte[] _uri;

    public PermissionRule(string uri, UriMatch match, WampAction allow)
    {
        _uri = Encoding.UTF8.GetBytes(uri);
        Match = match;
        Allow = allow;
    }

    public UriMatch Match { get; }

    public WampAction Allow { get; }

    public bool Matches(ReadOnlySpan<byte> uri) => Match switch
    {
        UriMatch.Exact => uri.SequenceEqual(_uri),
        UriMatch.Prefix => uri.StartsWith(_uri),
        _ => MatchesWildcard(_uri, uri),
    };

    private static bool MatchesWildcard(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> uri)
    {
        while (true)
        {
            int patternDot = pattern.IndexOf((byte)'.');
            int uriDot = uri.IndexOf((byte)'.');
            ReadOnlySpan<byte> patternPart = patternDot < 0 ? pattern : pattern[..patternDot];
            ReadOnlySpan<byte> uriPart = uriDot < 0 ? uri : uri[..uriDot];
            if (!patternPart.IsEmpty && !patternPart.SequenceEqual(uriPart))
            {
                return false;
            }

            if (patternDot < 0 || uriDot < 0)
            {
                return patternDot < 0 && uriDot < 0;
            }

            pattern = pattern[(patternDot + 1)..];
            uri = uri[(uriDot + 1)..];
        }
    }
}
