namespace EdgeWamp.Router;

/// <summary>The authentication methods a listener admits (config: <c>listeners[].authMethods</c>).</summary>
[Flags]
public enum AuthMethods : byte
{
    None = 0,
    Anonymous = 1,
    Ticket = 2,
    WampCra = 4,
    Cryptosign = 8,

    /// <summary>WAMP-SCRAM, as "wamp-scram" (the spec) or "scram" (Autobahn|Python).</summary>
    Scram = 16,

    /// <summary>TLS client certificates.</summary>
    Tls = 32,

    /// <summary>A WAMP cookie remembered from an earlier authentication on a connection that carried it.</summary>
    Cookie = 64,

    /// <summary>
    /// The router's own in-process components (device bridge, uplinks): admitted without credentials, and only on a
    /// connection whose <see cref="Protocol.Connections.TransportInfo.Kind"/> is Local. No listener ever allows it.
    /// </summary>
    Trusted = 128,
}
