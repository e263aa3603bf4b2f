namespace EdgeWamp.Client.Authentication;

/// <summary>
/// The client side of one WAMP authentication method (WAMP spec, "Authentication"): what HELLO announces and how a
/// CHALLENGE is answered.
/// </summary>
public interface IClientAuthenticator
{
    /// <summary>The method named in HELLO.Details.authmethods, e.g. "ticket".</summary>
    string Method { get; }

    /// <summary>HELLO.Details.authid, or null to let the router choose.</summary>
    string? AuthId { get; }

    /// <summary>HELLO.Details.authrole, the role asked for, or null to let the router choose (the usual case).</summary>
    string? AuthRole => null;

    /// <summary>HELLO.Details.authextra entries (e.g. cryptosign's pubkey); empty when the method needs none.</summary>
    IReadOnlyList<KeyValuePair<string, string>> AuthExtra { get; }

    /// <summary>The AUTHENTICATE signature for a CHALLENGE of this method.</summary>
    /// <exception cref="WampConnectionException">The challenge lacks what the method needs.</exception>
    string Sign(ChallengeExtra extra);
}
