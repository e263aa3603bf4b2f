using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Authorization;

/// <summary>
/// One authorizer call in flight: whose message waits, for which uri and action, and the realm's authorization
/// generation when it was asked (an answer from before a role reload or an unregistration is not cached).
/// </summary>
internal sealed class PendingAuthorization(Realm realm, WampSession session, string procedure, string uri, WampAction action, long generation)
{
    public Realm Realm { get; } = realm;

    public WampSession Session { get; } = session;

    public string Procedure { get; } = procedure;

    public string Uri { get; } = uri;

    public WampAction Action { get; } = action;

    public long Generation { get; } = generation;
}
