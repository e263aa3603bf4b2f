using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Dealer;

/// <summary>A procedure and the callee that implements it.</summary>
internal sealed class Registration
{
    public Registration(ulong id, WampUri procedure, WampSession callee)
    {
        Id = id;
        Procedure = procedure;
        Callee = callee;
    }

    public ulong Id { get; }

    public WampUri Procedure { get; }

    public WampSession Callee { get; }
}
