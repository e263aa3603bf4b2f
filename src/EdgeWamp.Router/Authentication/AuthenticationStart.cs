namespace EdgeWamp.Router.Authentication;

/// <summary>What HELLO leads to: WELCOME at once, a CHALLENGE, or ABORT.</summary>
internal readonly struct AuthenticationStart
{
    private AuthenticationStart(Principal? principal, string? method, AuthenticationChallenge? challenge, string? refusal, string? message)
    {
        Principal = principal;
        Method = method;
        Challenge = challenge;
        Refusal = refusal;
        Message = message;
    }

    /// <summary>Authenticated without a challenge (anonymous, tls): the principal and its method.</summary>
    public Principal? Principal { get; }

    public string? Method { get; }

    public AuthenticationChallenge? Challenge { get; }

    /// <summary>The ABORT reason URI when refused.</summary>
    public string? Refusal { get; }

    public string? Message { get; }

    public static AuthenticationStart Welcome(Principal principal, string method) => new(principal, method, null, null, null);

    public static AuthenticationStart Challenged(AuthenticationChallenge challenge) => new(null, null, challenge, null, null);

    public static AuthenticationStart Refused(string reason, string message) => new(null, null, null, reason, message);
}
