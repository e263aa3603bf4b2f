using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Broker;
using EdgeWamp.Router.Dealer;

namespace EdgeWamp.Router.Sessions;

/// <summary>
/// One transport's WAMP session: the state machine of the session lifecycle, and the entry point for every
/// message the transport receives. A transport calls <see cref="Receive"/> from one read loop at a time.
/// </summary>
public sealed class WampSession : IWampPeer
{
    private readonly WampRouter _router;

    internal WampSession(WampRouter router, IWampConnection connection, AuthMethods authMethods)
    {
        _router = router;
        Connection = connection;
        AllowedAuthMethods = authMethods;
    }

    public IWampConnection Connection { get; }

    public WampSerializer Serializer => Connection.Serializer;

    /// <summary>A description of the peer for logs, e.g. "tcp 127.0.0.1:50312".</summary>
    public string Transport => Connection.Description;

    public AuthMethods AllowedAuthMethods { get; }

    /// <summary>The session id while established; 0 otherwise.</summary>
    public ulong Id { get; internal set; }

    public SessionState State { get; internal set; }

    internal Realm? Realm { get; set; }

    public string? AuthId
    {
        get;
        internal set
        {
            field = value;
            Utf8AuthId = value is null ? [] : System.Text.Encoding.UTF8.GetBytes(value);
        }
    }

    /// <summary>The authid as written into messages, encoded once when the session joins.</summary>
    internal byte[] Utf8AuthId { get; private set; } = [];

    /// <summary>How the session authenticated (anonymous, ticket, ...), as written into messages.</summary>
    internal byte[] Utf8AuthMethod { get; set; } = [];

    internal Role? Role { get; set; }

    /// <summary>Subscriptions and registrations of this session, so leaving cleans up without scanning the realm.</summary>
    internal List<Subscription> Subscriptions { get; } = [];

    internal List<Registration> Registrations { get; } = [];

    /// <summary>Events to publish when the session goes (WAMP spec, "Testament").</summary>
    internal List<Meta.Testament> Testaments { get; } = [];

    /// <summary>The session is leaving its realm: it gets no more events (e.g. the meta events of its own leaving).</summary>
    internal bool IsLeaving { get; set; }

    /// <summary>Guards the move out of <see cref="SessionState.Authenticating"/>: the verdict comes from another thread.</summary>
    internal Lock AuthLock { get; } = new();

    /// <summary>While authenticating: the challenge sent, until AUTHENTICATE arrives (then null while it is checked).</summary>
    internal Authentication.AuthenticationChallenge? Challenge { get; set; }

    /// <summary>While authenticating: the realm the client asked for.</summary>
    internal Realm? AuthenticatingRealm { get; set; }

    /// <summary>While waiting for AUTHENTICATE: the timer that aborts the session when it does not come.</summary>
    internal ITimer? ChallengeTimer { get; set; }

    /// <summary>Features the client announced in HELLO.</summary>
    public PeerFeatures Features { get; internal set; }

    /// <summary>Events dropped because this session's outbox was full.</summary>
    public long DroppedEvents { get; internal set; }

    /// <summary>Whether the first dropped event was logged: later drops are only counted, so a flood cannot flood the log.</summary>
    internal bool IsDropLogged { get; set; }

    /// <summary>Calls this session made that are in flight (bounded by <see cref="RealmOptions.MaxPendingCallsPerSession"/>).</summary>
    public int PendingCalls { get; internal set; }

    private ITimer? _helloTimer;

    /// <summary>
    /// Messages waiting, in arrival order, behind a dynamic authorization (copied frames; the head is the one being
    /// decided); null when none wait. Guarded by the realm lock.
    /// </summary>
    internal Queue<byte[]>? ParkedMessages { get; set; }

    /// <summary>Identifies the authorizer call the head of <see cref="ParkedMessages"/> waits for; null when none.</summary>
    internal object? PendingAuthorization { get; set; }

    /// <summary>An authorizer's "allow" for the one message being routed now; null otherwise.</summary>
    internal Authorization.AuthorizationDecision? DynamicGrant { get; set; }

    /// <summary>Decisions the authorizer allowed to cache, for this session only; null until the first.</summary>
    internal Dictionary<(string Uri, WampAction Action), Authorization.CachedDecision>? AuthorizationCache { get; set; }

    /// <summary>Whether this session may do <paramref name="action"/> on <paramref name="uri"/>: the role's rules, or an authorizer's grant for the message at hand.</summary>
    internal bool IsAllowed(WampAction action, ReadOnlySpan<byte> uri, out bool forceDisclosure)
    {
        if (DynamicGrant is { } grant)
        {
            forceDisclosure = grant.Disclose;
            return grant.Allow;
        }

        return Role!.IsAllowed(action, uri, out forceDisclosure);
    }

    /// <summary>Handles one received message (one frame). The span is only valid during the call.</summary>
    public void Receive(ReadOnlySpan<byte> message)
    {
        if (State == SessionState.Closed)
        {
            return;
        }

        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus status = WampHeaderDecoder.TryDecode(Serializer, message, scratch, out MessageHeader header);
        if (status != DecodeStatus.Ok)
        {
            _router.Log.MalformedMessage(Transport, status);
            Abort(WampErrors.ProtocolViolation, DecodeFailureText(status));
            return;
        }

        switch (State)
        {
            case SessionState.AwaitingHello:
                if (header.Type == Protocol.Messages.WampMessageType.Hello)
                {
                    _router.Join(this, header);
                }
                else if (header.Type == Protocol.Messages.WampMessageType.Abort)
                {
                    Close();
                }
                else
                {
                    Abort(WampErrors.ProtocolViolation, "expected HELLO"u8);
                }

                break;
            case SessionState.Authenticating:
                if (header.Type == Protocol.Messages.WampMessageType.Authenticate)
                {
                    _router.Authenticate(this, header);
                    break;
                }

                lock (AuthLock)
                {
                    ChallengeTimer?.Dispose();
                    ChallengeTimer = null;
                    _router.ReleaseSessionId(this);
                    if (header.Type == Protocol.Messages.WampMessageType.Abort)
                    {
                        Close();
                    }
                    else
                    {
                        Abort(WampErrors.ProtocolViolation, "expected AUTHENTICATE"u8);
                    }
                }

                break;
            case SessionState.Established or SessionState.ShuttingDown:
                // A session the router already let go (killed, or left during shutdown) only closes.
                if (Realm is null)
                {
                    Close();
                    break;
                }

                Realm.Dispatch(this, header, message);
                break;
        }
    }

    /// <summary>The transport is gone: leave the realm as if the peer had left, and answer its callers.</summary>
    public void OnDisconnected()
    {
        _helloTimer?.Dispose();
        lock (AuthLock)
        {
            if (State == SessionState.Authenticating)
            {
                _router.ReleaseSessionId(this);
            }

            ChallengeTimer?.Dispose();
            ChallengeTimer = null;

            Realm?.Leave(this);
            State = SessionState.Closed;
        }
    }

    /// <summary>
    /// Starts the HELLO timeout (<see cref="WampRouter.HelloTimeout"/>): a connection that has not established a
    /// session by then (no HELLO, or an authentication never finished) is sent ABORT and closed. Armed when the transport
    /// opens the session and again after GOODBYE, when the connection is back to waiting for HELLO.
    /// </summary>
    internal void ArmHelloTimeout()
    {
        _helloTimer?.Dispose();
        _helloTimer = null;
        TimeSpan timeout = _router.HelloTimeout;
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            _helloTimer = _router.Time.CreateTimer(static state => ((WampSession)state!).OnHelloTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Runs on a timer thread. A HELLO being handled at this very moment may still be welcomed just before the ABORT:
    /// the client then sees WELCOME, ABORT at its deadline, which is within the rules (ABORT may end a session).
    /// </summary>
    private void OnHelloTimeout()
    {
        if (State is SessionState.Established or SessionState.ShuttingDown or SessionState.Closed)
        {
            return;
        }

        lock (AuthLock)
        {
            if (State is SessionState.Established or SessionState.ShuttingDown or SessionState.Closed)
            {
                return;
            }

            // Mid-authentication the session holds a reserved id and a challenge timer: both go with it.
            if (State == SessionState.Authenticating)
            {
                ChallengeTimer?.Dispose();
                ChallengeTimer = null;
                Challenge = null;
                AuthenticatingRealm = null;
                _router.ReleaseSessionId(this);
            }

            _router.Log.HelloTimedOut(Transport, _router.HelloTimeout.TotalMilliseconds);
            SendCold(new AbortMessage { Reason = WampErrors.HelloTimeout, Message = "no HELLO within the timeout"u8 });
            Close();
        }
    }

    /// <summary>The session is established: the HELLO timeout has nothing left to guard.</summary>
    internal void DisarmHelloTimeout()
    {
        _helloTimer?.Dispose();
        _helloTimer = null;
    }

    /// <summary>Called by the realm when the session leaves it: the session id is free again.</summary>
    internal void OnLeft() => _router.Forget(this);

    /// <summary>ABORT the session (WAMP spec, "Session Lifecycle" / "Abort") and close the transport.</summary>
    internal void Abort(ReadOnlySpan<byte> reason, ReadOnlySpan<byte> message)
    {
        if (State == SessionState.Closed)
        {
            return;
        }

        Realm?.Leave(this);
        var abort = new AbortMessage { Reason = reason, Message = message };
        SendCold(abort);
        Close();
    }

    /// <summary>Closes the transport; the session stays closed.</summary>
    internal void Close()
    {
        State = SessionState.Closed;
        Connection.Close();
    }

    /// <summary>Sends a message outside the realm's lock (session lifecycle messages: not on the routing path).</summary>
    internal WriteResult SendCold<TMessage>(in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        using var buffer = new Protocol.Buffers.OutputBuffer(512);
        WampEncoder.Encode(buffer, Serializer, message);
        return Connection.TryWrite(buffer.WrittenSpan);
    }

    private static ReadOnlySpan<byte> DecodeFailureText(DecodeStatus status) => status switch
    {
        DecodeStatus.Malformed => "malformed message"u8,
        DecodeStatus.NotAMessage => "a message must be an array starting with a message type"u8,
        DecodeStatus.UnknownMessageType => "unknown message type"u8,
        DecodeStatus.InvalidStructure => "message elements missing, extra or of the wrong type"u8,
        DecodeStatus.IdOutOfRange => "id out of range [0, 2^53]"u8,
        _ => "trailing bytes after the message"u8,
    };
}
