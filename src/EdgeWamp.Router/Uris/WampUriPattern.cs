namespace EdgeWamp.Router.Uris;

/// <summary>Matching one URI against one pattern, for the places that test a few patterns rather than search an index.</summary>
internal static class WampUriPattern
{
    public static bool Matches(UriMatchPolicy policy, ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> uri) => policy switch
    {
        UriMatchPolicy.Exact => uri.SequenceEqual(pattern),
        UriMatchPolicy.Prefix => uri.StartsWith(pattern),
        _ => MatchesWildcard(pattern, uri),
    };

    /// <summary>Same number of components; an empty pattern component matches any one component.</summary>
    public static bool MatchesWildcard(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> uri)
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
