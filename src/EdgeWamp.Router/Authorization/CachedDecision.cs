namespace EdgeWamp.Router.Authorization;

/// <summary>A cached authorizer answer and the realm's authorization generation it was given in (older ones are stale).</summary>
internal readonly record struct CachedDecision(AuthorizationDecision Decision, long Generation);
