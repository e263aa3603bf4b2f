namespace EdgeWamp.Router.Authentication;

/// <summary>A principal a dynamic authenticator vouched for (WELCOME.Details.authprovider "dynamic").</summary>
public sealed class DynamicPrincipal : Principal
{
}
