namespace EdgeWamp.Router.Authentication;

/// <summary>The principal a verified bearer token names.</summary>
internal sealed class JwtPrincipal : Principal;
