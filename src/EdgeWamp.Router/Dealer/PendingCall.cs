using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Dealer;

/// <summary>A call in flight: who to answer, with which request id, and which callee owes the answer.</summary>
internal readonly record struct PendingCall(WampSession Caller, ulong CallerRequestId, WampSession Callee);
