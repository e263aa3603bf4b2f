using System.Runtime.InteropServices;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Dealer;

/// <summary>
/// The dealer role of a realm (WAMP spec, "Remote Procedure Calls", and the Advanced Profile's pattern-based and
/// shared registrations, caller identification, progressive call results and invocations, call canceling and call
/// timeouts): registrations by procedure, and the calls in flight between callers and callees. Runs under the realm's lock.
/// </summary>
internal sealed class WampDealer : IDisposable
{
    /// <summary>365 days: the longest CALL.Options.timeout the dealer arms a timer for.</summary>
    private const ulong MaxCallTimeoutMs = 365UL * 24 * 60 * 60 * 1000;

    private static readonly Func<Registration, WampUri> ProcedureOf = static registration => registration.Procedure;

    private readonly RealmOutput _output;
    private readonly UriIndex<Registration> _index = new();
    private readonly Dictionary<ulong, Registration> _byId = [];
    private readonly List<Registration> _matchScratch = [];

    // Keyed by the INVOCATION request id the dealer chose; pre-sized so steady traffic never grows it.
    private readonly Dictionary<ulong, PendingCall> _pending = new(capacity: 1024);

    // (caller, CALL.Request) → INVOCATION.Request, for CANCEL and progressive call invocations.
    private readonly Dictionary<(WampSession Caller, ulong RequestId), ulong> _byCallerRequest = new(capacity: 1024);
    private readonly CallTimeouts _timeouts;
    private readonly Action<WampSession, string> _protocolViolation;
    private ulong _lastRegistrationId;
    private ulong _lastInvocationId;

    public WampDealer(RealmOutput output, TimeProvider time, Lock realmLock, Action<WampSession, string> protocolViolation)
    {
        _output = output;
        _protocolViolation = protocolViolation;
        _timeouts = new CallTimeouts(time, () =>
        {
            lock (realmLock)
            {
                ExpireTimeouts();
            }
        });
    }

    /// <summary>The most calls one caller may have in flight; set by the realm from <see cref="RealmOptions.MaxPendingCallsPerSession"/>.</summary>
    public int MaxPendingCallsPerSession { get; set; } = int.MaxValue;

    /// <summary>
    /// Told when an RPC answer (RESULT or ERROR) cannot be queued because the caller's outbox is full; set by the realm,
    /// which closes the caller: an answer is never dropped silently.
    /// </summary>
    public Action<WampSession>? SlowCaller { get; set; }

    /// <summary>Told when a CALL is refused for too many calls in flight (for the log); set by the realm.</summary>
    public Action<WampSession>? PendingCallsExceeded { get; set; }

    /// <summary>Told when a registration goes away (an authorizer's decisions may no longer hold); set by the realm.</summary>
    public Action? RegistrationDeleted { get; set; }

    /// <summary>Receives registration lifecycle events for the meta API; set by the realm.</summary>
    public Meta.IRoutingEvents? Events { get; set; }

    public IEnumerable<Registration> Registrations => _byId.Values;

    public Registration? Find(ulong id) => _byId.GetValueOrDefault(id);

    public Registration? Lookup(UriMatchPolicy match, ReadOnlySpan<byte> procedure) => _index.Get(match, procedure);

    /// <summary>The registration a call to <paramref name="procedure"/> would reach.</summary>
    public Registration? Match(ReadOnlySpan<byte> procedure) => _index.FindBest(procedure, _matchScratch, ProcedureOf);

    /// <summary>[REGISTER, Request|id, Options|dict, Procedure|uri] → REGISTERED or ERROR.</summary>
    public void Register(WampSession callee, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        ReadOnlySpan<byte> procedure = message.Text;
        DetailsReader options = message.DetailsReader;
        if (!MatchPolicyReader.TryRead(options, out UriMatchPolicy match) || !TryReadInvocationPolicy(options, out InvocationPolicy invoke))
        {
            SendError(callee, WampMessageType.Register, requestId, WampErrors.InvalidArgument, "Options.match or Options.invoke has an unknown value"u8);
            return;
        }

        if (!WampUriValidator.IsValidPattern(procedure, match) || WampUriValidator.IsReserved(procedure))
        {
            SendError(callee, WampMessageType.Register, requestId, WampErrors.InvalidUri, default);
            return;
        }

        if (!callee.IsAllowed(WampAction.Register, procedure, out _))
        {
            SendError(callee, WampMessageType.Register, requestId, WampErrors.NotAuthorized, default);
            return;
        }

        Registration? registration = _index.Get(match, procedure);
        if (registration is not null && options.TryGetBoolean("force_reregister"u8, out bool force) && force && IsHeldBySameAuthId(registration, callee))
        {
            // A restarted callee takes over from its own stale session (same authid): the old registration is revoked.
            Revoke(registration, "wamp.close.reregistered"u8);
            registration = null;
        }

        if (registration is not null && (invoke == InvocationPolicy.Single || registration.Invoke != invoke || registration.Callees.Contains(callee)))
        {
            SendError(callee, WampMessageType.Register, requestId, WampErrors.ProcedureAlreadyExists, default);
            return;
        }

        bool created = registration is null;
        if (registration is null)
        {
            registration = new Registration(++_lastRegistrationId, new WampUri(procedure), match, invoke)
            {
                // REGISTER.Options.disclose_caller: the callee wants every caller identified (spec: "Caller Identification").
                DiscloseCaller = options.TryGetBoolean("disclose_caller"u8, out bool discloseCaller) && discloseCaller,
            };
            _index.Add(match, registration.Procedure, registration);
            _byId.Add(registration.Id, registration);
        }

        registration.Callees.Add(callee);
        callee.Registrations.Add(registration);
        _output.Send(callee, new RequestIdPairMessage { Type = WampMessageType.Registered, RequestId = requestId, Id = registration.Id });
        if (created)
        {
            Events?.RegistrationCreated(callee, registration);
        }

        Events?.Registered(callee, registration);
    }

    /// <summary>[UNREGISTER, Request|id, REGISTERED.Registration|id] → UNREGISTERED or ERROR wamp.error.no_such_registration.</summary>
    public void Unregister(WampSession callee, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        if (!_byId.TryGetValue(message.SecondId, out Registration? registration) || !registration.Callees.Contains(callee))
        {
            SendError(callee, WampMessageType.Unregister, requestId, WampErrors.NoSuchRegistration, default);
            return;
        }

        callee.Registrations.Remove(registration);
        _output.Send(callee, new RequestIdMessage { Type = WampMessageType.Unregistered, RequestId = requestId });
        RemoveCallee(registration, callee);
    }

    /// <summary>
    /// [CALL, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict] → INVOCATION to the callee the
    /// best-matching registration picks, or ERROR. A CALL with Options.progress continues a progressive call invocation.
    /// </summary>
    public void Call(WampSession caller, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        DetailsReader options = message.DetailsReader;
        if (_byCallerRequest.TryGetValue((caller, requestId), out ulong ongoing))
        {
            ContinueProgressiveInvocation(caller, requestId, ongoing, message);
            return;
        }

        // A bound on the dealer's table per caller: refused at once, never queued (docs/limits.md).
        if (caller.PendingCalls >= MaxPendingCallsPerSession)
        {
            PendingCallsExceeded?.Invoke(caller);
            SendError(caller, WampMessageType.Call, requestId, WampErrors.TooManyPendingCalls, "too many calls in flight from this session"u8);
            return;
        }

        ReadOnlySpan<byte> procedure = message.Text;
        if (!WampUriValidator.IsValid(procedure))
        {
            SendError(caller, WampMessageType.Call, requestId, WampErrors.InvalidUri, default);
            return;
        }

        if (!caller.IsAllowed(WampAction.Call, procedure, out bool forceDisclosure))
        {
            SendError(caller, WampMessageType.Call, requestId, WampErrors.NotAuthorized, default);
            return;
        }

        Registration? registration = _index.FindBest(procedure, _matchScratch, ProcedureOf);
        if (registration is null)
        {
            SendError(caller, WampMessageType.Call, requestId, WampErrors.NoSuchProcedure, default);
            return;
        }

        bool receiveProgress = options.TryGetBoolean("receive_progress"u8, out bool progress) && progress;
        // A permission rule may force disclosure (config: disclose.caller), like the callee's disclose_caller.
        bool disclose = (options.TryGetBoolean("disclose_me"u8, out bool discloseMe) && discloseMe) || registration.DiscloseCaller || forceDisclosure;
        bool moreToCome = options.TryGetBoolean("progress"u8, out bool callProgress) && callProgress;
        if (moreToCome && (caller.Features & PeerFeatures.CallerProgressiveCallInvocations) == 0)
        {
            _protocolViolation(caller, "CALL with progress from a caller that did not announce progressive_call_invocations");
            return;
        }

        bool passthru = options.TryGetKind("ppt_scheme"u8, out _);
        if (passthru && (caller.Features & PeerFeatures.CallerPassthru) == 0)
        {
            // Spec: "Payload Passthru Mode": using it without announcing it is a protocol violation.
            _protocolViolation(caller, "CALL with ppt_scheme from a caller that did not announce payload_passthru_mode");
            return;
        }

        WampSession callee = registration.NextCallee();
        if (passthru && (callee.Features & PeerFeatures.CalleePassthru) == 0)
        {
            SendError(caller, WampMessageType.Call, requestId, "wamp.error.feature_not_supported"u8, "the callee does not accept payload passthru mode"u8);
            return;
        }

        // Spec: a callee supports progressive call invocations only if it announced them and call canceling.
        if (moreToCome && (callee.Features & (PeerFeatures.CalleeProgressiveCallInvocations | PeerFeatures.CalleeCallCanceling))
            != (PeerFeatures.CalleeProgressiveCallInvocations | PeerFeatures.CalleeCallCanceling))
        {
            // Spec: "Progressive Call Invocations": the callee must have announced the feature.
            SendError(caller, WampMessageType.Call, requestId, "wamp.error.feature_not_supported"u8, "the callee does not accept progressive call invocations"u8);
            return;
        }

        Span<byte> passthruScratch = passthru ? stackalloc byte[1024] : default;

        // Invocation ids are unique within the realm, hence within each callee's session (spec: "session scope").
        ulong invocationId = _lastInvocationId = _lastInvocationId % WampHeaderDecoder.MaxId + 1;
        var invocation = new InvocationMessage
        {
            RequestId = invocationId,
            RegistrationId = registration.Id,
            Caller = disclose ? caller.Id : 0,
            CallerAuthId = disclose ? caller.Utf8AuthId : default,
            CallerAuthRole = disclose ? caller.Role!.Utf8Name : default,
            Procedure = registration.Match == UriMatchPolicy.Exact ? default : procedure,
            ReceiveProgress = receiveProgress && (callee.Features & PeerFeatures.CalleeProgressiveCallResults) != 0,
            Progress = moreToCome,
            TrustLevel = caller.Role!.TrustLevel,
            Passthru = passthruScratch.IsEmpty ? default : PassthruDetails.Read(options, passthruScratch),
            Payload = message.EncodedPayload,
        };
        WriteResult written = _output.Send(callee, invocation);
        if (written != WriteResult.Written)
        {
            // The call is refused rather than lost: the caller gets an answer either way.
            SendError(caller, WampMessageType.Call, requestId, WampErrors.Unavailable, CalleeRefusalText(written));
            return;
        }

        caller.PendingCalls++;
        _pending.Add(invocationId, new PendingCall(caller, requestId, callee)
        {
            ReceiveProgress = receiveProgress,
            Registration = registration,
            DiscloseCaller = disclose,
            InvocationInProgress = moreToCome,
        });
        _byCallerRequest.Add((caller, requestId), invocationId);
        // A timeout beyond a year is no timeout at all: it would only overflow the clock's arithmetic.
        if (options.TryGetUInt64("timeout"u8, out ulong timeoutMs) && timeoutMs > 0 && timeoutMs <= MaxCallTimeoutMs)
        {
            _timeouts.Add(invocationId, TimeSpan.FromMilliseconds(timeoutMs));
        }
    }

    /// <summary>
    /// [YIELD, INVOCATION.Request|id, Options|dict, Arguments|list, ArgumentsKw|dict] → RESULT to the caller; a YIELD with
    /// Options.progress is a progressive result for a caller that asked for them.
    /// </summary>
    public void Yield(WampSession callee, scoped in MessageHeader message)
    {
        DetailsReader options = message.DetailsReader;
        bool progress = options.TryGetBoolean("progress"u8, out bool isProgress) && isProgress;
        bool hasPassthru = options.TryGetKind("ppt_scheme"u8, out _);
        if (hasPassthru && (callee.Features & PeerFeatures.CalleePassthru) == 0)
        {
            _protocolViolation(callee, "YIELD with ppt_scheme from a callee that did not announce payload_passthru_mode");
            return;
        }

        Span<byte> passthruScratch = hasPassthru ? stackalloc byte[1024] : default;
        PassthruDetails passthru = passthruScratch.IsEmpty ? default : PassthruDetails.Read(options, passthruScratch);
        ref PendingCall call = ref CollectionsMarshal.GetValueRefOrNullRef(_pending, message.FirstId);

        // A YIELD for an unknown invocation answers a call that is gone (canceled, timed out, caller left): ignore it.
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref call) || !ReferenceEquals(call.Callee, callee))
        {
            return;
        }

        if (progress)
        {
            // Progressive results only go to a caller that asked; a callee sending them anyway is ignored.
            if (call.ReceiveProgress && !call.Interrupted)
            {
                WriteResult sent = _output.Send(call.Caller, new ResultMessage { RequestId = call.CallerRequestId, Progress = true, Passthru = passthru, Payload = message.EncodedPayload });
                AnswerUndeliverable(call, sent);
            }

            return;
        }

        PendingCall done = call;
        Forget(message.FirstId, done);
        WriteResult written = _output.Send(done.Caller, new ResultMessage { RequestId = done.CallerRequestId, Passthru = passthru, Payload = message.EncodedPayload });
        AnswerUndeliverable(done, written);
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
    /// [CANCEL, CALL.Request|id, Options|dict] (spec: "Call Canceling"): mode skip answers the caller at once; kill
    /// interrupts the callee and forwards its answer; killnowait does both. A callee without call_canceling gets skip.
    /// </summary>
    public void Cancel(WampSession caller, scoped in MessageHeader message)
    {
        ulong requestId = message.FirstId;
        if (!_byCallerRequest.TryGetValue((caller, requestId), out ulong invocationId))
        {
            // The call has already ended: its answer is on its way or sent.
            return;
        }

        Span<byte> scratch = stackalloc byte[16];
        ReadOnlySpan<byte> mode = message.DetailsReader.TryGetString("mode"u8, scratch, out ReadOnlySpan<byte> requested) ? requested : "kill"u8;
        if (!mode.SequenceEqual("skip"u8) && !mode.SequenceEqual("kill"u8) && !mode.SequenceEqual("killnowait"u8))
        {
            SendError(caller, WampMessageType.Cancel, requestId, WampErrors.InvalidArgument, "CANCEL.Options.mode must be skip, kill or killnowait"u8);
            return;
        }

        Interrupt(invocationId, mode, reason: default, WampErrors.Canceled);
    }

    /// <summary>
    /// A session leaves: its registrations go, calls it made are forgotten, and every call in flight to it is
    /// answered with wamp.error.canceled so no caller hangs.
    /// </summary>
    public void RemoveSession(WampSession session)
    {
        foreach (Registration registration in session.Registrations)
        {
            RemoveCallee(registration, session);
        }

        session.Registrations.Clear();
        foreach (KeyValuePair<ulong, PendingCall> entry in _pending)
        {
            PendingCall call = entry.Value;
            if (ReferenceEquals(call.Callee, session))
            {
                Forget(entry.Key, call);
                if (!ReferenceEquals(call.Caller, session))
                {
                    SendError(call.Caller, WampMessageType.Call, call.CallerRequestId, WampErrors.Canceled, "the callee left"u8);
                }
            }
            else if (ReferenceEquals(call.Caller, session))
            {
                Forget(entry.Key, call);
                if ((call.Callee.Features & PeerFeatures.CalleeCallCanceling) != 0)
                {
                    _output.Send(call.Callee, new InterruptMessage { RequestId = entry.Key, Mode = "killnowait"u8, Reason = "wamp.error.canceled"u8 });
                }
            }
        }
    }

    public void Dispose() => _timeouts.Dispose();

    /// <summary>
    /// A further CALL with the same request id carries the next chunk of a progressive call invocation (spec:
    /// "Progressive Call Invocations"). Every INVOCATION of the call keeps the options the first CALL set.
    /// </summary>
    private void ContinueProgressiveInvocation(WampSession caller, ulong requestId, ulong invocationId, scoped in MessageHeader message)
    {
        ref PendingCall call = ref CollectionsMarshal.GetValueRefOrNullRef(_pending, invocationId);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref call) || call.Interrupted || !call.InvocationInProgress)
        {
            // The call's INVOCATIONs are complete (or the call is ending): a further CALL reuses a request id in flight.
            SendError(caller, WampMessageType.Call, requestId, WampErrors.InvalidArgument, "the request id is already in use by a call in flight"u8);
            return;
        }

        DetailsReader options = message.DetailsReader;
        bool moreToCome = options.TryGetBoolean("progress"u8, out bool progress) && progress;
        call.InvocationInProgress = moreToCome;
        Span<byte> passthruScratch = options.TryGetKind("ppt_scheme"u8, out _) ? stackalloc byte[1024] : default;
        Registration registration = call.Registration!;
        bool disclose = call.DiscloseCaller;
        var invocation = new InvocationMessage
        {
            RequestId = invocationId,
            RegistrationId = registration.Id,
            Caller = disclose ? caller.Id : 0,
            CallerAuthId = disclose ? caller.Utf8AuthId : default,
            CallerAuthRole = disclose ? caller.Role!.Utf8Name : default,
            Procedure = registration.Match == UriMatchPolicy.Exact ? default : message.Text,
            ReceiveProgress = call.ReceiveProgress && (call.Callee.Features & PeerFeatures.CalleeProgressiveCallResults) != 0,
            Progress = moreToCome,
            TrustLevel = caller.Role!.TrustLevel,
            Passthru = passthruScratch.IsEmpty ? default : PassthruDetails.Read(options, passthruScratch),
            Payload = message.EncodedPayload,
        };
        if (_output.Send(call.Callee, invocation) != WriteResult.Written)
        {
            PendingCall done = call;
            Forget(invocationId, done);
            SendError(caller, WampMessageType.Call, requestId, WampErrors.Unavailable, "the callee is not keeping up"u8);
        }
    }

    /// <summary>Ends a call early: by CANCEL (error wamp.error.canceled) or by its timeout (wamp.error.timeout).</summary>
    private void Interrupt(ulong invocationId, ReadOnlySpan<byte> mode, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> error)
    {
        ref PendingCall call = ref CollectionsMarshal.GetValueRefOrNullRef(_pending, invocationId);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref call) || call.Interrupted)
        {
            return;
        }

        bool calleeCancels = (call.Callee.Features & PeerFeatures.CalleeCallCanceling) != 0;
        if (calleeCancels && mode.SequenceEqual("kill"u8))
        {
            // The callee's answer (RESULT or ERROR) will end the call.
            call.Interrupted = true;
            _output.Send(call.Callee, new InterruptMessage { RequestId = invocationId, Mode = mode, Reason = reason });
            return;
        }

        PendingCall done = call;
        Forget(invocationId, done);
        if (calleeCancels && mode.SequenceEqual("killnowait"u8))
        {
            _output.Send(done.Callee, new InterruptMessage { RequestId = invocationId, Mode = mode, Reason = reason });
        }

        SendError(done.Caller, WampMessageType.Call, done.CallerRequestId, error, default);
    }

    private void ExpireTimeouts()
    {
        _timeouts.Fired();
        while (_timeouts.TryTakeDue(out ulong invocationId))
        {
            Interrupt(invocationId, "killnowait"u8, "wamp.error.timeout"u8, "wamp.error.timeout"u8);
        }

        _timeouts.Arm();
    }

    private bool TryTake(WampSession callee, ulong invocationId, out PendingCall call)
    {
        if (_pending.TryGetValue(invocationId, out call) && ReferenceEquals(call.Callee, callee))
        {
            Forget(invocationId, call);
            return true;
        }

        return false;
    }

    private void Forget(ulong invocationId, PendingCall call)
    {
        if (_pending.Remove(invocationId))
        {
            call.Caller.PendingCalls--;
        }

        _byCallerRequest.Remove((call.Caller, call.CallerRequestId));
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
                SlowCaller?.Invoke(call.Caller);
                break;
        }
    }

    private void RemoveCallee(Registration registration, WampSession callee)
    {
        registration.Callees.Remove(callee);
        Events?.Unregistered(callee, registration);
        if (registration.Callees.Count == 0)
        {
            _index.Remove(registration.Match, registration.Procedure);
            _byId.Remove(registration.Id);
            Events?.RegistrationDeleted(callee, registration);
            RegistrationDeleted?.Invoke();
        }
    }

    /// <summary>The router ends one callee's registration itself: [UNREGISTERED, 0, {registration, reason}] (spec: "Registration Revocation").</summary>
    public void Revoke(WampSession callee, Registration registration, ReadOnlySpan<byte> reason)
    {
        if (!registration.Callees.Contains(callee))
        {
            return;
        }

        callee.Registrations.Remove(registration);
        SendRevocation(callee, registration, reason);
        RemoveCallee(registration, callee);
    }

    /// <summary>WAMP spec, "Registration Revocation": each callee learns through UNREGISTERED with Details {registration, reason}.</summary>
    private void Revoke(Registration registration, ReadOnlySpan<byte> reason)
    {
        foreach (WampSession callee in registration.Callees)
        {
            callee.Registrations.Remove(registration);
            SendRevocation(callee, registration, reason);
            Events?.Unregistered(callee, registration);
        }

        WampSession last = registration.Callees[^1];
        registration.Callees.Clear();
        _index.Remove(registration.Match, registration.Procedure);
        _byId.Remove(registration.Id);
        Events?.RegistrationDeleted(last, registration);
        RegistrationDeleted?.Invoke();
    }

    /// <summary>Spec: a callee that did not announce registration_revocation MUST NOT get the revoking UNREGISTERED.</summary>
    private void SendRevocation(WampSession callee, Registration registration, ReadOnlySpan<byte> reason)
    {
        if ((callee.Features & PeerFeatures.CalleeRegistrationRevocation) != 0)
        {
            _output.Send(callee, new RevocationMessage { Type = WampMessageType.Unregistered, Id = registration.Id, IdKey = "registration"u8, Reason = reason });
        }
    }

    private static bool IsHeldBySameAuthId(Registration registration, WampSession callee)
    {
        foreach (WampSession holder in registration.Callees)
        {
            if (!holder.Utf8AuthId.AsSpan().SequenceEqual(callee.Utf8AuthId))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadInvocationPolicy(DetailsReader options, out InvocationPolicy policy)
    {
        policy = InvocationPolicy.Single;
        Span<byte> scratch = stackalloc byte[16];
        if (!options.TryGetString("invoke"u8, scratch, out ReadOnlySpan<byte> invoke))
        {
            return !options.TryGetKind("invoke"u8, out _);
        }

        if (invoke.SequenceEqual("single"u8))
        {
            return true;
        }

        policy = invoke switch
        {
            _ when invoke.SequenceEqual("roundrobin"u8) => InvocationPolicy.RoundRobin,
            _ when invoke.SequenceEqual("random"u8) => InvocationPolicy.Random,
            _ when invoke.SequenceEqual("first"u8) => InvocationPolicy.First,
            _ when invoke.SequenceEqual("last"u8) => InvocationPolicy.Last,
            _ => InvocationPolicy.Single,
        };
        return policy != InvocationPolicy.Single;
    }

    private static ReadOnlySpan<byte> CalleeRefusalText(WriteResult written) => written switch
    {
        WriteResult.TooLarge => "the call exceeds the callee's maximum message size"u8,
        WriteResult.Full => "the callee is not keeping up"u8,
        _ => "the callee is gone"u8,
    };

    /// <summary>Sends an ERROR; one that cannot be queued for a full outbox closes its recipient rather than vanish.</summary>
    private void SendError(WampSession session, WampMessageType requestType, ulong requestId, ReadOnlySpan<byte> error, ReadOnlySpan<byte> text)
    {
        if (_output.SendError(session, requestType, requestId, error, text) == WriteResult.Full)
        {
            SlowCaller?.Invoke(session);
        }
    }
}
