using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Dealer;

/// <summary>A call in flight: who to answer, with which request id, which callee owes the answer, and how.</summary>
internal record struct PendingCall(WampSession Caller, ulong CallerRequestId, WampSession Callee)
{
    /// <summary>CALL.Options.receive_progress: progressive YIELDs become progressive RESULTs.</summary>
    public bool ReceiveProgress { get; init; }

    /// <summary>The registration the call went to: progressive call invocations send every chunk there.</summary>
    public Registration? Registration { get; init; }

    /// <summary>CALL.Options.disclose_me of the first CALL, which every INVOCATION of the call keeps.</summary>
    public bool DiscloseCaller { get; init; }

    /// <summary>The caller is still sending chunks (the last CALL had Options.progress).</summary>
    public bool InvocationInProgress { get; set; }

    /// <summary>An INTERRUPT was sent in mode "kill": the callee's answer, whatever it is, ends the call.</summary>
    public bool Interrupted { get; set; }
}
