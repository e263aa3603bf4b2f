namespace EdgeWamp.Router.Authentication;

/// <summary>What a dynamic authenticator's answer means: a principal to welcome, or an ABORT reason and why (for the log).</summary>
internal readonly record struct DynamicAuthenticationVerdict(DynamicPrincipal? Principal, string? Refusal, string Reason)
{
    public static DynamicAuthenticationVerdict Granted(DynamicPrincipal principal) => new(principal, null, "");

    /// <summary>The authenticator said no (it raised an error): the credentials count as wrong.</summary>
    public static DynamicAuthenticationVerdict Denied(string reason) => new(null, WampErrorNames.AuthenticationDenied, reason);

    /// <summary>No usable answer (no registration, timeout, malformed result, unknown role): fail secure.</summary>
    public static DynamicAuthenticationVerdict Failed(string reason) => new(null, WampErrorNames.AuthenticationFailed, reason);
}
