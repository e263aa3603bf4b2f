namespace EdgeWamp.Router.Authorization;

/// <summary>
/// An authorizer's answer for one (session, uri, action): <c>true</c>/<c>false</c>, or {allow, disclose, cache}.
/// <see cref="Disclose"/> forces the caller's or publisher's identity into INVOCATION or EVENT, like a rule's
/// <c>disclose</c>; <see cref="Cache"/> lets the router reuse the answer for the same session, uri and action.
/// </summary>
public readonly record struct AuthorizationDecision(bool Allow, bool Disclose = false, bool Cache = false)
{
    public static AuthorizationDecision Deny => new(false);
}
