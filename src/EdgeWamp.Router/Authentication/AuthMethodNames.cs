namespace EdgeWamp.Router.Authentication;

/// <summary>authmethod strings (HELLO.Details.authmethods, CHALLENGE.AuthMethod, WELCOME.Details.authmethod).</summary>
internal static class AuthMethodNames
{
    public const string Anonymous = "anonymous";
    public const string Ticket = "ticket";
    public const string WampCra = "wampcra";
    public const string Cryptosign = "cryptosign";

    /// <summary>The spec's name for WAMP-SCRAM.</summary>
    public const string WampScram = "wamp-scram";

    /// <summary>The name Autobahn|Python's <c>AuthScram</c> uses, with its own AuthMessage layout (<see cref="ScramChallenge"/>).</summary>
    public const string Scram = "scram";

    public const string Tls = "tls";
    public const string Cookie = "cookie";

    /// <summary>Router-internal sessions, as Crossbar names its router components' method.</summary>
    public const string Trusted = "trusted";
}
