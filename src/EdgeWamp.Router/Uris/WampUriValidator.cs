namespace EdgeWamp.Router.Uris;

/// <summary>
/// URI rules of the WAMP spec ("URIs", "Relaxed/Loose URIs"): dot-separated, non-empty components
/// without whitespace or '#'. The prefix <c>wamp.</c> is reserved for the spec's own URIs.
/// </summary>
public static class WampUriValidator
{
    public static bool IsValid(ReadOnlySpan<byte> uri)
    {
        if (uri.IsEmpty || uri[0] == '.' || uri[^1] == '.')
        {
            return false;
        }

        byte previous = 0;
        foreach (byte b in uri)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v' or (byte)'#')
            {
                return false;
            }

            if (b == '.' && previous == '.')
            {
                return false;
            }

            previous = b;
        }

        return true;
    }

    /// <summary>
    /// A subscription or registration URI under its match policy: prefixes may end anywhere (even in a dot);
    /// wildcard patterns may have empty components, each matching any one component.
    /// </summary>
    public static bool IsValidPattern(ReadOnlySpan<byte> uri, UriMatchPolicy policy) => policy switch
    {
        UriMatchPolicy.Exact => IsValid(uri),
        UriMatchPolicy.Prefix => !uri.IsEmpty && !ContainsForbidden(uri),
        _ => !ContainsForbidden(uri),
    };

    private static readonly System.Buffers.SearchValues<byte> Forbidden = System.Buffers.SearchValues.Create(" \t\n\r\f\v#"u8);

    private static bool ContainsForbidden(ReadOnlySpan<byte> uri) => uri.IndexOfAny(Forbidden) >= 0;

    /// <summary>Sessions may not register or publish under <c>wamp.</c>: the router owns that namespace.</summary>
    public static bool IsReserved(ReadOnlySpan<byte> uri) => uri.StartsWith("wamp."u8);
}
