using EdgeWamp.Client;
using EdgeWamp.Client.Authentication;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// The uplink's local session is the router's own component: it offers the router-internal method "trusted" (only an
/// in-process connection may use it) and asks for <see cref="AuthRole"/>, or the built-in role "trusted" when null.
/// </summary>
internal sealed class TrustedClientAuthenticator(string authId, string? authRole) : IClientAuthenticator
{
    public string Method => "trusted";

    public string? AuthId => authId;

    public string? AuthRole => authRole;

    public IReadOnlyList<KeyValuePair<string, string>> AuthExtra => [];

    /// <summary>The router admits a trusted session at once; a CHALLENGE means something else answered.</summary>
    public string Sign(ChallengeExtra extra) => throw new WampConnectionException("the router challenged a trusted in-process session");
}
