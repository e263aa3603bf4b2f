using EdgeWamp.Host.Configuration;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// The URI rules of one uplink: which local URIs go up and which upstream URIs come down, and the <c>prefix</c> that is
/// added upstream and removed on the way down.
/// </summary>
internal sealed class UplinkRules(UplinkConfig config)
{
    public string Prefix { get; } = config.Prefix;

    /// <summary>The upstream URI of a local one: the prefix added.</summary>
    public string ToUpstream(string localUri) => Prefix + localUri;

    /// <summary>The local URI of an upstream one: the prefix removed; false when the URI is not under the prefix.</summary>
    public bool TryToLocal(string upstreamUri, out string localUri)
    {
        if (upstreamUri.StartsWith(Prefix, StringComparison.Ordinal) && upstreamUri.Length > Prefix.Length)
        {
            localUri = upstreamUri[Prefix.Length..];
            return true;
        }

        localUri = "";
        return false;
    }

    /// <summary>Local events on this topic are forwarded upstream.</summary>
    public bool IsPublished(string topic) => StartsWithAny(topic, config.Publish);

    /// <summary>Events on this topic are kept on disk while the uplink is down.</summary>
    public bool IsDurable(string topic) => StartsWithAny(topic, config.Durable);

    /// <summary>Upstream events on this (local) topic are delivered locally.</summary>
    public bool IsSubscribed(string topic) => StartsWithAny(topic, config.Subscribe);

    /// <summary>Upstream calls of this (local) procedure reach the local callee.</summary>
    public bool IsRegistered(string procedure) => StartsWithAny(procedure, config.Register);

    private static bool StartsWithAny(string uri, IReadOnlyList<string> prefixes)
    {
        foreach (string prefix in prefixes)
        {
            if (uri.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
