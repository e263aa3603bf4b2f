namespace EdgeWamp.Router.Authentication;

/// <summary>Someone the router can authenticate: an authid, and the realm and role it is granted.</summary>
public abstract class Principal
{
    public required string AuthId { get; init; }

    public required string Realm { get; init; }

    public required string Role { get; init; }
}
