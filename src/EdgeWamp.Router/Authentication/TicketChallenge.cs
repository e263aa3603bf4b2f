using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Router.Authentication;

/// <summary>Ticket authentication (WAMP spec, "Ticket-based Authentication"): the signature is the ticket itself.</summary>
internal sealed class TicketChallenge : AuthenticationChallenge
{
    private readonly TicketPrincipal _principal;

    public TicketChallenge(TicketPrincipal principal)
        : base(AuthMethodNames.Ticket, principal)
    {
        _principal = principal;
    }

    public override AuthExtraEntry[] Extra => [];

    public override bool Verify(AuthenticateInput input, out AuthExtraEntry[] welcomeExtra)
    {
        welcomeExtra = [];
        return _principal.SecretHash.Matches(System.Text.Encoding.UTF8.GetBytes(input.Signature));
    }
}
