namespace EdgeWamp.Client;

/// <summary>One INVOCATION of a procedure this session registered, with an owned copy of its payload.</summary>
public sealed class WampInvocation
{
    public required ulong RegistrationId { get; init; }

    /// <summary>The called procedure: Details.procedure for a pattern registration, else the registered one.</summary>
    public required string Procedure { get; init; }

    /// <summary>Details.caller, or 0 when not disclosed.</summary>
    public ulong Caller { get; init; }

    public WampPayload Payload { get; init; }
}

/// <summary>Runs one INVOCATION; the returned payload is YIELDed, a thrown <see cref="WampException"/> becomes ERROR.</summary>
public delegate ValueTask<WampPayload> WampInvocationHandler(WampInvocation invocation, CancellationToken cancellationToken);
