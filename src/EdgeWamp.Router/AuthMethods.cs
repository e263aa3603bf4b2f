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
}
