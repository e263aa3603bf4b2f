using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Dealer;

/// <summary>A call in flight: who to answer, with which request id, which callee owes the answer, and how.</summary>
internal record struct PendingCall(WampSession Caller, ulong CallerRequestId, WampSession Callee)
{
    /// <summary>CALL.Options.receive_progress: progressive YIELDs become progressive RESULTs.</summary>
    public bool ReceiveProgress { get; init; }

    /// <summary>An INTERRUPT was sent in mode "kill": the callee's answer, whatever it is, ends the call.</summary>
    public bool Interrupted { get; set; }
}
