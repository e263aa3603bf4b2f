namespace EdgeWamp.Router.Authentication;

/// <summary>ABORT reasons of authentication (WAMP spec, "Predefined URIs"), as strings for the cold path.</summary>
internal static class WampErrorNames
{
    /// <summary>The client's credentials are wrong, or no principal of an offered method has this realm.</summary>
    public const string AuthenticationDenied = "wamp.error.authentication_denied";

    /// <summary>Authentication could not run to its end (an error while checking; fail secure).</summary>
    public const string AuthenticationFailed = "wamp.error.authentication_failed";

    public const string NoAuthMethod = "wamp.error.no_auth_method";

    /// <summary>A trusted in-process session asked for a role the realm does not have.</summary>
    public const string NoSuchRole = "wamp.error.no_such_role";

    public const string ProtocolViolation = "wamp.error.protocol_violation";
}
