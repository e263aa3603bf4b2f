namespace EdgeWamp.Client.Authentication;

/// <summary>
/// Ticket-based authentication (WAMP spec, "Ticket-based Authentication"): the signature is the ticket itself. Also how a
/// JWT bearer token is presented.
/// </summary>
public sealed class TicketAuthenticator(string? authId, string ticket) : IClientAuthenticator
{
    public string Method => "ticket";

    public string? AuthId => authId;

    public IReadOnlyList<KeyValuePair<string, string>> AuthExtra => [];

    public string Sign(ChallengeExtra extra) => ticket;
}
