using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// A ticket CHALLENGE whose answer a dynamic authenticator judges: the ticket is not checked here but passed to
/// <see cref="DynamicAuthenticator.Procedure"/> by <c>WampRouter.AuthenticateDynamically</c>.
/// </summary>
internal sealed class DynamicTicketChallenge : AuthenticationChallenge
{
    public DynamicTicketChallenge(DynamicAuthenticator authenticator, string realm, string? authId)
        : base(AuthMethodNames.Ticket, new DynamicPrincipal { AuthId = authId ?? "", Realm = realm, Role = "" })
    {
        Authenticator = authenticator;
        RequestedAuthId = authId;
    }

    public DynamicAuthenticator Authenticator { get; }

    /// <summary>HELLO.Details.authid, or null when the client gave none.</summary>
    public string? RequestedAuthId { get; }

    public override AuthExtraEntry[] Extra => [];

    /// <summary>Never a local verdict: the answer goes to the authenticator, so checking it here always refuses.</summary>
    public override bool Verify(AuthenticateInput input, out AuthExtraEntry[] welcomeExtra)
    {
        welcomeExtra = [];
        return false;
    }

    /// <summary>Sets the principal the authenticator granted.</summary>
    public void Grant(DynamicPrincipal principal) => Principal = principal;
}
