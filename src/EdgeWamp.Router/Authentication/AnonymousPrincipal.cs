namespace EdgeWamp.Router.Authentication;

/// <summary>An anonymous client: a random authid and the realm's anonymous role.</summary>
internal sealed class AnonymousPrincipal : Principal;
