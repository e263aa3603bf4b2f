namespace EdgeWamp.Router.Authentication;

/// <summary>
/// One of the router's own in-process components. <see cref="Principal.Role"/> is a role of the realm, or, when
/// <see cref="HasBuiltInRole"/>, the built-in <see cref="Authorization.Role.Trusted"/>, which no configuration defines.
/// </summary>
internal sealed class TrustedPrincipal : Principal
{
    public bool HasBuiltInRole { get; init; }
}
