namespace EdgeWamp.Router.Authentication;

/// <summary>A principal recognised by its WAMP cookie, as it authenticated earlier.</summary>
public sealed class CookiePrincipal : Principal;
