using EdgeWamp.Protocol.Codec;

namespace EdgeWamp.Router.Uris;

/// <summary>Reads Options.match of SUBSCRIBE and REGISTER.</summary>
internal static class MatchPolicyReader
{
    /// <summary>False when Options.match names a policy the spec does not define.</summary>
    public static bool TryRead(DetailsReader options, out UriMatchPolicy policy)
    {
        policy = UriMatchPolicy.Exact;
        Span<byte> scratch = stackalloc byte[16];
        if (!options.TryGetString("match"u8, scratch, out ReadOnlySpan<byte> match))
        {
            // Absent means exact; present but not a string is an error.
            return !options.TryGetKind("match"u8, out _);
        }

        if (match.SequenceEqual("exact"u8))
        {
            return true;
        }

        if (match.SequenceEqual("prefix"u8))
        {
            policy = UriMatchPolicy.Prefix;
            return true;
        }

        if (match.SequenceEqual("wildcard"u8))
        {
            policy = UriMatchPolicy.Wildcard;
            return true;
        }

        return false;
    }
}
