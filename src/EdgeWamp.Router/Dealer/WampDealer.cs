using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Dealer;

/// <summary>
/// The dealer role of a realm (WAMP spec, Basic Profile, "Remote Procedure Calls"): registrations by procedure, and
/// the calls in flight between callers and callees. Runs under the realm's lock.
/// </summary>
internal sealed class WampDealer
{
    private readonly RealmOutput _output;
    private readonly Dictionary<WampUri, Registration> _byProcedure = new(WampUriComparer.Instance);
    private readonly Dictionary<WampUri, Registration>.AlternateLookup<ReadOnlySpan<byte>> _byProcedureSpan;
    private readonly Dictionary<ulong, Registration> _byId = [];

    // Keyed by the INVOCATION request id the dealer chose; pre-sized so steady traffic never grows it.
    private readonly Dictionary<ulong, PendingCall> _pending = new(capacity: 1024);
    private ulong _lastRegistrationId;
    private ulong _lastInvocationId;

    public WampDealer(RealmOutput output)
    {
        _output = output;
        _byProcedureSpan = _byProcedure.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int RegistrationCount => _byId.Count;

    public int PendingCallCount => _pending.Count;

    /// <summary>[REGISTER, Request|id, Options|dict, Procedure|uri] → REGISTERED or ERROR.</summary>
    public void Register(WampSession callee, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        ReadOnlySpan<byte> procedure = message.Text;
        if (!IsSingleExact(message))
        {
            SendError(callee, WampMessageType.Register, requestId, WampErrors.InvalidArgument, "only exact matching with single invocation is supported"u8);
            return;
        }

        if (!WampUriValidator.IsValid(procedure) || WampUriValidator.IsReserved(procedure))
        {
            SendError(callee, WampMessageType.Register, requestId, WampErrors.InvalidUri, default);
            return;
        }

        if (!callee.Role!.IsAllowed(WampAction.Register, procedure))
        {
            SendError(callee, WampMessageType.Register, requestId, WampErrors.NotAuthorized, default);
            return;
        }

        if (_byProcedureSpan.ContainsKey(procedure))
        {
            SendError(callee, WampMessageType.Register, requestId, WampErrors.ProcedureAlreadyExists, default);
            return;
        }

        var registration = new Registration(++_lastRegistrationId, new WampUri(procedure), callee);
        _byProcedure.Add(registration.Procedure, registration);
        _byId.Add(registration.Id, registration);
        callee.Registrations.Add(registration);
        _output.Send(callee, new RequestIdPairMessage { Type = WampMessageType.Registered, RequestId = requestId, Id = registration.Id });
    }

    /// <summary>[UNREGISTER, Request|id, REGISTERED.Registration|id] → UNREGISTERED or ERROR wamp.error.no_such_registration.</summary>
    public void Unregister(WampSession callee, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        if (!_byId.TryGetValue(message.SecondId, out Registration? registration) || !ReferenceEquals(registration.Callee, callee))
        {
            SendError(callee, WampMessageType.Unregister, requestId, WampErrors.NoSuchRegistration, default);
            return;
        }

        Remove(registration);
        callee.Registrations.Remove(registration);
        _output.Send(callee, new RequestIdMessage { Type = WampMessageType.Unregistered, RequestId = requestId });
    }

    /// <summary>[CALL, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict] → INVOCATION to the callee, or ERROR.</summary>
    public void Call(WampSession caller, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        ReadOnlySpan<byte> procedure = message.Text;
        if (!WampUriValidator.IsValid(procedure))
        {
            SendError(caller, WampMessageType.Call, requestId, WampErrors.InvalidUri, default);
            return;
        }

        if (!caller.Role!.IsAllowed(WampAction.Call, procedure))
        {
            SendError(caller, WampMessageType.Call, requestId, WampErrors.NotAuthorized, default);
            return;
        }

        if (!_byProcedureSpan.TryGetValue(procedure, out Registration? registration))
        {
            SendError(caller, WampMessageType.Call, requestId, WampErrors.NoSuchProcedure, default);
            return;
        }

        // Invocation ids are unique within the realm, hence within each callee's session (spec: "session scope").
        ulong invocationId = _lastInvocationId = _lastInvocationId % WampHeaderDecoder.MaxId + 1;
        var invocation = new InvocationMessage { RequestId = invocationId, RegistrationId = registration.Id, Payload = message.EncodedPayload };
        WriteResult written = _output.Send(registration.Callee, invocation);
        if (written != WriteResult.Written)
        {
            // The call is refused rather than lost: the caller gets an answer either way.
            SendError(caller, WampMessageType.Call, requestId, WampErrors.Unavailable, CalleeRefusalText(written));
            return;
        }

        _pending.Add(invocationId, new PendingCall(caller, requestId, registration.Callee));
    }

    /// <summary>[YIELD, INVOCATION.Request|id, Options|dict, Arguments|list, ArgumentsKw|dict] → RESULT to the caller.</summary>
    public void Yield(WampSession callee, scoped in MessageHeader message)
    {
        // A YIELD for an unknown invocation answers a call that is gone (its caller left): ignore it.
        if (!TryTake(callee, message.FirstId, out PendingCall call))
        {
            return;
        }

        WriteResult written = _output.Send(call.Caller, new ResultMessage { RequestId = call.CallerRequestId, Payload = message.EncodedPayload });
        AnswerUndeliverable(call, written);
    }

    /// <summary>[ERROR, INVOCATION, INVOCATION.Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict] → ERROR to the caller.</summary>
    public void InvocationError(WampSession callee, scoped in MessageHeader message)
    {
        if (!TryTake(callee, message.FirstId, out PendingCall call))
        {
            return;
        }

        var error = new ErrorMessage
        {
            RequestType = WampMessageType.Call,
            RequestId = call.CallerRequestId,
            Details = new EncodedMap(message.Serializer, message.Details),
            Error = message.Text,
            Payload = message.EncodedPayload,
        };
        AnswerUndeliverable(call, _output.Send(call.Caller, error));
    }

    /// <summary>
    /// A session leaves: its registrations go, calls it made are forgotten, and every call in flight to it is
    /// answered with wamp.error.canceled so no caller hangs.
    /// </summary>
    public void RemoveSession(WampSession session)
    {
        foreach (Registration registration in session.Registrations)
        {
            Remove(registration);
        }

        session.Registrations.Clear();
        foreach (KeyValuePair<ulong, PendingCall> entry in _pending)
        {
            PendingCall call = entry.Value;
            if (ReferenceEquals(call.Callee, session))
            {
                _pending.Remove(entry.Key);
                if (!ReferenceEquals(call.Caller, session))
                {
                    SendError(call.Caller, WampMessageType.Call, call.CallerRequestId, WampErrors.Canceled, "the callee left"u8);
                }
            }
            else if (ReferenceEquals(call.Caller, session))
            {
                _pending.Remove(entry.Key);
            }
        }
    }

    private bool TryTake(WampSession callee, ulong invocationId, out PendingCall call)
    {
        if (_pending.TryGetValue(invocationId, out call) && ReferenceEquals(call.Callee, callee))
        {
            _pending.Remove(invocationId);
            return true;
        }

        return false;
    }

    /// <summary>RPC answers are never dropped silently: too large becomes an error; a caller that stops reading is closed.</summary>
    private void AnswerUndeliverable(PendingCall call, WriteResult written)
    {
        switch (written)
        {
            case WriteResult.TooLarge:
                SendError(call.Caller, WampMessageType.Call, call.CallerRequestId, WampErrors.Unavailable, "the result exceeds the caller's maximum message size"u8);
                break;
            case WriteResult.Full:
                call.Caller.Close();
                break;
        }
    }

    private void Remove(Registration registration)
    {
        _byProcedure.Remove(registration.Procedure);
        _byId.Remove(registration.Id);
    }

    private static ReadOnlySpan<byte> CalleeRefusalText(WriteResult written) => written switch
    {
        WriteResult.TooLarge => "the call exceeds the callee's maximum message size"u8,
        WriteResult.Full => "the callee is not keeping up"u8,
        _ => "the callee is gone"u8,
    };

    private static bool IsSingleExact(scoped in MessageHeader message)
    {
        Span<byte> scratch = stackalloc byte[16];
        DetailsReader options = message.DetailsReader;
        bool exact = !options.TryGetString("match"u8, scratch, out ReadOnlySpan<byte> match) || match.SequenceEqual("exact"u8);
        bool single = !options.TryGetString("invoke"u8, scratch, out ReadOnlySpan<byte> invoke) || invoke.SequenceEqual("single"u8);
        return exact && single;
    }

    private void SendError(WampSession session, WampMessageType requestType, ulong requestId, ReadOnlySpan<byte> error, ReadOnlySpan<byte> text) =>
        _output.SendError(session, requestType, requestId, error, text);
}
