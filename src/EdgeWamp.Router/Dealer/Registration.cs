using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Dealer;

/// <summary>A procedure (or pattern) and the callees that implement it, in the order they registered.</summary>
internal sealed class Registration
{
    private int _nextRoundRobin;

    public Registration(ulong id, WampUri procedure, UriMatchPolicy match, InvocationPolicy invoke)
    {
        Id = id;
        Procedure = procedure;
        Match = match;
        Invoke = invoke;
    }

    public ulong Id { get; }

    public WampUri Procedure { get; }

    public UriMatchPolicy Match { get; }

    public InvocationPolicy Invoke { get; }

    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;

    /// <summary>REGISTER.Options.disclose_caller: every INVOCATION names its caller.</summary>
    public bool DiscloseCaller { get; init; }

    public List<WampSession> Callees { get; } = [];

    /// <summary>Picks the callee for the next call according to <see cref="Invoke"/>.</summary>
    public WampSession NextCallee()
    {
        switch (Invoke)
        {
            case InvocationPolicy.Last:
                return Callees[^1];
            case InvocationPolicy.Random:
                return Callees[System.Random.Shared.Next(Callees.Count)];
            case InvocationPolicy.RoundRobin:
                _nextRoundRobin %= Callees.Count;
                return Callees[_nextRoundRobin++];
            default:
                return Callees[0];
        }
    }
}
