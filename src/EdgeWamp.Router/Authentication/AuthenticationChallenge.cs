using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// One authentication in progress, between CHALLENGE and the verdict on AUTHENTICATE (WAMP spec, Advanced Profile,
/// "Authentication"): what the router sent, and how to check the answer.
/// </summary>
internal abstract class AuthenticationChallenge
{
    protected AuthenticationChallenge(string method, Principal principal)
    {
        Method = method;
        Principal = principal;
    }

    /// <summary>The method name as the client asked for it; written into CHALLENGE and WELCOME.</summary>
    public string Method { get; }

    /// <summary>Who is being authenticated; a bearer token names its principal only once verified.</summary>
    public Principal Principal { get; protected set; }

    /// <summary>CHALLENGE.Extra.</summary>
    public abstract AuthExtraEntry[] Extra { get; }

    /// <summary>Checks the client's answer; may be slow (key derivation), so it never runs on a reader or under a lock.</summary>
    /// <param name="welcomeExtra">WELCOME.Details.authextra on success (e.g. the SCRAM server signature).</param>
    public abstract bool Verify(AuthenticateInput input, out AuthExtraEntry[] welcomeExtra);
}
