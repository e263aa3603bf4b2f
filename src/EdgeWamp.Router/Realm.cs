using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Broker;
using EdgeWamp.Router.Dealer;
using EdgeWamp.Router.Sessions;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Router;

/// <summary>
/// A routing namespace: its sessions, one broker and one dealer. Every message of an established session goes
/// through <see cref="Dispatch"/>, the one switch that hands off to the broker or the dealer.
/// </summary>
/// <remarks>
/// Threading (docs/architecture.md): routing runs inline on the connection's read loop under the realm's lock.
/// Dispatch never waits: outboxes copy and return, so the lock is held for microseconds.
/// </remarks>
public sealed partial class Realm : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly RealmOutput _output = new();
    private readonly WampBroker _broker;
    private readonly WampDealer _dealer;
    private readonly Meta.RealmMetaApi _meta;
    private readonly Dictionary<ulong, WampSession> _sessions = [];
    private Dictionary<string, Role> _roles;

    internal Realm(RealmOptions options, ILogger logger, TimeProvider time)
    {
        Options = options;
        _logger = logger;
        _broker = new WampBroker(_output, options, time);
        _dealer = new WampDealer(_output, time, _lock, ProtocolViolation);
        _broker.ProtocolViolation = ProtocolViolation;
        _broker.SlowSubscriber = OnSlowSubscriber;
        _dealer.SlowCaller = OnSlowCaller;
        _dealer.PendingCallsExceeded = OnPendingCallsExceeded;
        _dealer.MaxPendingCallsPerSession = options.MaxPendingCallsPerSession;
        _dealer.RegistrationDeleted = InvalidateAuthorizations;
        _meta = new Meta.RealmMetaApi(_sessions, _broker, _dealer, _output, Kill);
        _roles = options.Roles.ToDictionary(role => role.Name, StringComparer.Ordinal);
        AnonymousRole = options.AnonymousRole;
    }

    public RealmOptions Options { get; }

    public string Name => Options.Name;

    public int SessionCount
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>
    /// Whether routing in this realm is alive: its lock, which every dispatch holds, can be taken within
    /// <paramref name="timeout"/>. False means a dispatch has been stuck for at least that long.
    /// </summary>
    internal bool IsResponsive(TimeSpan timeout)
    {
        if (!_lock.TryEnter(timeout))
        {
            return false;
        }

        _lock.Exit();
        return true;
    }

    internal Role? FindRole(string name) => _roles.GetValueOrDefault(name);

    /// <summary>The role anonymous sessions get; replaced by <see cref="ReplaceRoles"/>.</summary>
    public string? AnonymousRole { get; private set; }

    /// <summary>
    /// Configuration reload: new roles and permissions take effect at once, for new and established sessions alike.
    /// 1. under the realm lock, the role table is replaced;
    /// 2. each session gets the new role of the same name, so its next message is authorized by the new rules;
    /// 3. a session whose role no longer exists is closed with GOODBYE edgewamp.close.role_removed.
    /// Returns the number of sessions closed.
    /// </summary>
    public int ReplaceRoles(IReadOnlyList<Role> roles, string? anonymousRole)
    {
        lock (_lock)
        {
            _roles = roles.ToDictionary(role => role.Name, StringComparer.Ordinal);
            AnonymousRole = anonymousRole;
            InvalidateAuthorizations();
            var orphans = new List<WampSession>();
            foreach (WampSession session in _sessions.Values)
            {
                if (ReferenceEquals(session.Role, Role.Trusted))
                {
                    continue;
                }

                if (_roles.TryGetValue(session.Role!.Name, out Role? replacement))
                {
                    session.Role = replacement;
                }
                else
                {
                    orphans.Add(session);
                }
            }

            foreach (WampSession orphan in orphans)
            {
                Kill(orphan, "edgewamp.close.role_removed", "the session's role was removed from the configuration");
            }

            return orphans.Count;
        }
    }

    /// <summary>
    /// Attaches an authenticated session and sends WELCOME, atomically, so no event can overtake the WELCOME.
    /// Returns false, changing nothing, when the realm already has <see cref="RealmOptions.MaxSessions"/> sessions.
    /// </summary>
    internal bool Join(
        WampSession session, Role role, string authId, string authMethod, RouterRoles routerRoles, string authProvider = "static", AuthExtraEntry[]? authExtra = null)
    {
        lock (_lock)
        {
            if (_sessions.Count >= Options.MaxSessions)
            {
                return false;
            }

            session.Realm = this;
            session.IsLeaving = false;

            // A reload may have replaced the roles since the session was authenticated: take the current one.
            // The built-in trusted role is no realm role: a configured role of the same name does not replace it.
            session.Role = ReferenceEquals(role, Role.Trusted) ? role : _roles.GetValueOrDefault(role.Name) ?? role;
            session.AuthId = authId;
            session.Utf8AuthMethod = System.Text.Encoding.UTF8.GetBytes(authMethod);
            session.State = SessionState.Established;
            session.DisarmHelloTimeout();
            _sessions.Add(session.Id, session);
            var welcome = new WelcomeMessage
            {
                SessionId = session.Id,
                AuthId = System.Text.Encoding.UTF8.GetBytes(authId),
                AuthRole = System.Text.Encoding.UTF8.GetBytes(role.Name),
                AuthMethod = System.Text.Encoding.UTF8.GetBytes(authMethod),
                AuthProvider = System.Text.Encoding.UTF8.GetBytes(authProvider),
                Roles = routerRoles,
                AuthExtra = authExtra,
            };
            _output.Send(session, welcome);
            _meta.SessionJoined(session);
        }

        _logger.SessionJoined(session.Id, Name, authId, role.Name, session.Transport);
        return true;
    }

    /// <summary>
    /// Routes one message of an established session; <paramref name="frame"/> is the message as received, which a
    /// role with an authorizer may need to park while the authorizer decides (<see cref="TryAuthorizeDynamically"/>).
    /// </summary>
    internal void Dispatch(WampSession session, scoped in MessageHeader message, ReadOnlySpan<byte> frame = default)
    {
        lock (_lock)
        {
            // The session may have left (e.g. closed as a slow consumer) while this message was on its way.
            if (!ReferenceEquals(session.Realm, this))
            {
                return;
            }

            // Two null checks on the hot path: statically authorized roles never get further.
            if ((session.ParkedMessages is not null || session.Role!.Authorizer is not null) && TryAuthorizeDynamically(session, message, frame))
            {
                return;
            }

            Route(session, message);
        }
    }

    /// <summary>The one switch that hands a message to the broker or the dealer; under the realm lock.</summary>
    private void Route(WampSession session, scoped in MessageHeader message)
    {
        switch (message.Type)
        {
            case WampMessageType.Publish: _broker.Publish(session, message); break;
            case WampMessageType.Subscribe: _broker.Subscribe(session, message); break;
            case WampMessageType.Unsubscribe: _broker.Unsubscribe(session, message); break;
            case WampMessageType.Call:
                // wamp.* procedures are the router's own: one it does not implement is no procedure at all,
                // never something a pattern registration may answer.
                if (!_meta.TryCall(session, message))
                {
                    if (message.Text.StartsWith("wamp."u8))
                    {
                        _output.SendError(session, WampMessageType.Call, message.FirstId, WampErrors.NoSuchProcedure, default);
                    }
                    else
                    {
                        _dealer.Call(session, message);
                    }
                }

                break;
            case WampMessageType.Yield: _dealer.Yield(session, message); break;
            case WampMessageType.Error when message.RequestType == WampMessageType.Invocation: _dealer.InvocationError(session, message); break;
            case WampMessageType.Register: _dealer.Register(session, message); break;
            case WampMessageType.Unregister: _dealer.Unregister(session, message); break;
            case WampMessageType.Cancel: _dealer.Cancel(session, message); break;
            case WampMessageType.Goodbye: Goodbye(session); break;
            case WampMessageType.Abort: LeaveLocked(session); session.Close(); break;
            default: ProtocolViolation(session, message.Type); break;
        }
    }

    /// <summary>The router as a caller in this realm (dynamic authentication and authorization); set by the router.</summary>
    internal Dynamic.RouterCaller? RouterCaller { get; set; }

    /// <summary>A CALL the router makes itself: routed by the dealer like any client's, under the realm lock.</summary>
    internal void CallFromRouter(WampSession caller, scoped in MessageHeader call)
    {
        lock (_lock)
        {
            _dealer.Call(caller, call);
        }
    }

    /// <summary>Detaches a session: its subscriptions and registrations go, and its callers get errors.</summary>
    internal void Leave(WampSession session)
    {
        lock (_lock)
        {
            LeaveLocked(session);
        }
    }

    /// <summary>Router shutdown: GOODBYE to every session (WAMP spec, "GOODBYE"); each closes when it replies or its transport ends.</summary>
    internal void Shutdown(ReadOnlySpan<byte> reason)
    {
        lock (_lock)
        {
            foreach (WampSession session in _sessions.Values)
            {
                session.State = SessionState.ShuttingDown;
                _output.Send(session, new GoodbyeMessage { Reason = reason });
            }
        }
    }

    private void LeaveLocked(WampSession session)
    {
        if (!ReferenceEquals(session.Realm, this))
        {
            return;
        }

        session.IsLeaving = true;
        session.ParkedMessages = null;
        session.PendingAuthorization = null;
        session.AuthorizationCache = null;
        _broker.RemoveSession(session);
        _dealer.RemoveSession(session);
        _sessions.Remove(session.Id);
        _meta.SessionLeft(session);
        session.Realm = null;
        session.Role = null;
        session.IsLeaving = false;
        _logger.SessionLeft(session.Id, Name);
        if (session.DroppedEvents > 0)
        {
            _logger.SessionLeftWithDrops(session.Id, Name, session.DroppedEvents);
        }

        session.OnLeft();
        session.Id = 0;
    }

    /// <summary>WAMP spec, "GOODBYE": answer a peer's GOODBYE with goodbye_and_out; a reply to ours closes the transport.</summary>
    private void Goodbye(WampSession session)
    {
        bool weAsked = session.State == SessionState.ShuttingDown;

        // Leave first: the meta events of leaving must not reach the session after its GOODBYE.
        LeaveLocked(session);
        if (!weAsked)
        {
            _output.Send(session, new GoodbyeMessage { Reason = WampErrors.GoodbyeAndOut });
        }

        if (weAsked)
        {
            session.Close();
        }
        else
        {
            session.State = SessionState.AwaitingHello;
            session.ArmHelloTimeout();
        }
    }

    /// <summary>The slow-consumer policy (docs/limits.md): the event was dropped and counted; log once, or cut the subscriber off.</summary>
    private void OnSlowSubscriber(WampSession subscriber)
    {
        if (Options.SlowConsumer == SlowConsumerPolicy.Disconnect)
        {
            if (subscriber.State != SessionState.Closed)
            {
                _logger.SlowConsumerClosed(subscriber.Id, "an EVENT could not be queued");
                subscriber.Close();
            }

            return;
        }

        if (!subscriber.IsDropLogged)
        {
            subscriber.IsDropLogged = true;
            _logger.DroppingEvents(subscriber.Id);
        }
    }

    /// <summary>A RESULT or ERROR could not be queued for this caller: it is the slow one, and is closed rather than left waiting.</summary>
    private void OnSlowCaller(WampSession caller)
    {
        if (caller.State != SessionState.Closed)
        {
            _logger.SlowConsumerClosed(caller.Id, "an RPC answer could not be queued");
            caller.Close();
        }
    }

    private void OnPendingCallsExceeded(WampSession caller) => _logger.TooManyPendingCalls(caller.Id, Options.MaxPendingCallsPerSession);

    /// <summary>wamp.session.kill and friends: GOODBYE with the given reason, then the session is gone.</summary>
    private void Kill(WampSession victim, string reason, string? message)
    {
        byte[] utf8Reason = System.Text.Encoding.UTF8.GetBytes(reason);
        byte[] utf8Message = message is null ? [] : System.Text.Encoding.UTF8.GetBytes(message);
        LeaveLocked(victim);
        _output.Send(victim, new GoodbyeMessage { Reason = utf8Reason, Message = utf8Message });
        victim.Close();
    }

    private void ProtocolViolation(WampSession session, WampMessageType type) => ProtocolViolation(session, $"unexpected {type} from a client");

    private void ProtocolViolation(WampSession session, string reason)
    {
        _logger.ProtocolViolation(session.Id, reason);
        LeaveLocked(session);
        var abort = new AbortMessage { Reason = WampErrors.ProtocolViolation, Message = "unexpected message type"u8 };
        _output.Send(session, abort);
        session.Close();
    }

    public void Dispose()
    {
        _meta.Dispose();
        _dealer.Dispose();
        _output.Dispose();
    }
}
