namespace EdgeWamp.Router.Dealer;

/// <summary>Which callee of a shared registration gets a call (WAMP spec, "Shared Registration"; REGISTER.Options.invoke).</summary>
public enum InvocationPolicy : byte
{
    /// <summary>Only one callee may register (the default).</summary>
    Single,
    RoundRobin,
    Random,

    /// <summary>The callee that registered first.</summary>
    First,

    /// <summary>The callee that registered last.</summary>
    Last,
}
