namespace EdgeWamp.Router.Authentication;

/// <summary>A principal that authenticates with a ticket, checked against a salted hash (<see cref="SecretHash"/>).</summary>
public sealed class TicketPrincipal : Principal
{
    public required SecretHash SecretHash { get; init; }
}
