namespace EdgeWamp.Router.Sessions;

/// <summary>WAMP spec, "Session Lifecycle": a transport carries at most one session at a time.</summary>
public enum SessionState : byte
{
    /// <summary>Transport open, waiting for HELLO (again after a GOODBYE handshake).</summary>
    AwaitingHello,

    /// <summary>CHALLENGE sent: waiting for AUTHENTICATE, or checking it.</summary>
    Authenticating,

    /// <summary>WELCOME sent: the session is attached to a realm.</summary>
    Established,

    /// <summary>The router sent GOODBYE and waits for the reply.</summary>
    ShuttingDown,

    /// <summary>ABORT sent or the transport is gone: nothing more is processed.</summary>
    Closed,
}
