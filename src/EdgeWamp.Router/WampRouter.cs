using System.Collections.Concurrent;
using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Dynamic;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeWamp.Router;

/// <summary>The router: its realms, and the sessions transports open on it. Knows nothing of sockets.</summary>
public sealed class WampRouter : IDisposable
{
    private readonly Dictionary<WampUri, Realm> _realms = new(WampUriComparer.Instance);
    private readonly Dictionary<WampUri, Realm>.AlternateLookup<ReadOnlySpan<byte>> _realmsByName;
    private readonly ConcurrentDictionary<ulong, WampSession> _sessions = new();
    private readonly SessionAuthenticator _authenticator;

    public WampRouter(IEnumerable<RealmOptions> realms, ILogger<WampRouter>? logger = null, TimeProvider? time = null, AuthenticationOptions? authentication = null)
    {
        Log = logger ?? (ILogger)NullLogger.Instance;
        Time = time ?? TimeProvider.System;
        _authenticator = new SessionAuthenticator(authentication ?? AuthenticationOptions.Empty, Time);
        foreach (RealmOptions options in realms)
        {
            var realm = new Realm(options, Log, time ?? TimeProvider.System);
            realm.RouterCaller = new Dynamic.RouterCaller(this, realm, _authenticator.Options.Scheduler);
            _realms.Add(new WampUri(Encoding.UTF8.GetBytes(options.Name)), realm);
        }

        _realmsByName = _realms.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The features announced in WELCOME: only what is implemented (WAMP spec, "Feature Announcement").</summary>
    public RouterRoles Roles { get; } = new(
        brokerFeatures:
        [
            "event_history",
            "event_retention",
            "pattern_based_subscription",
            "payload_passthru_mode",
            "publication_trustlevels",
            "publisher_exclusion",
            "publisher_identification",
            "session_meta_api",
            "subscriber_blackwhite_listing",
            "subscription_meta_api",
            "subscription_revocation",
        ],
        dealerFeatures:
        [
            "call_canceling",
            "call_timeout",
            "call_trustlevels",
            "caller_identification",
            "pattern_based_registration",
            "payload_passthru_mode",
            "progressive_call_invocations",
            "progressive_call_results",
            "registration_meta_api",
            "registration_revocation",
            "session_meta_api",
            "shared_registration",
            "testament_meta_api",
        ]);

    public IEnumerable<Realm> Realms => _realms.Values;

    public int SessionCount => _sessions.Count;

    internal ILogger Log { get; }

    internal TimeProvider Time { get; }

    /// <summary>How long a connection may take to establish a session (HELLO, and authentication if any); zero or less: no limit.</summary>
    /// <remarks>Defaults to 10 seconds (config: <c>limits.helloTimeoutMs</c>). An idle unauthenticated connection only costs memory.</remarks>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Opens a session on a new transport connection; the transport then feeds it every message it receives.</summary>
    public WampSession OpenSession(IWampConnection connection, AuthMethods authMethods)
    {
        var session = new WampSession(this, connection, authMethods);
        session.ArmHelloTimeout();
        return session;
    }

    public Realm? FindRealm(ReadOnlySpan<byte> name) => _realmsByName.TryGetValue(name, out Realm? realm) ? realm : null;

    /// <summary>
    /// The health the systemd watchdog reports: every realm's routing lock can be taken within
    /// <paramref name="timeout"/>, so no dispatch is stuck. <paramref name="stuckRealm"/> names the first that is not.
    /// </summary>
    public bool IsResponsive(TimeSpan timeout, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? stuckRealm)
    {
        foreach (Realm realm in _realms.Values)
        {
            if (!realm.IsResponsive(timeout))
            {
                stuckRealm = realm.Name;
                return false;
            }
        }

        stuckRealm = null;
        return true;
    }

    /// <summary>Says GOODBYE (wamp.close.system_shutdown) to every session of every realm.</summary>
    public void Shutdown()
    {
        foreach (Realm realm in _realms.Values)
        {
            realm.Shutdown(WampErrors.SystemShutdown);
        }
    }

    /// <summary>Addresses the failed-authentication throttle tracks (bounded by <see cref="FailedAuthenticationLimits.MaxAddresses"/>).</summary>
    public int ThrottledAddressCount => _authenticator.Throttle.TrackedAddresses;

    /// <summary>
    /// HELLO (WAMP spec, "Session Establishment" and Advanced Profile, "Authentication"):
    /// 1. the realm must exist, else ABORT wamp.error.no_such_realm;
    /// 2. Details.roles must be a dict, else ABORT wamp.error.protocol_violation;
    /// 3. an address with too many recent failed authentications is refused at once;
    /// 4. the session id is reserved (a WAMP-CRA challenge names it);
    /// 5. an authentication method the client offers and the listener allows must grant the realm to the client
    ///    (<see cref="SessionAuthenticator"/>), else ABORT; methods without a challenge (anonymous, tls) join at once,
    ///    the others get a CHALLENGE and continue in <see cref="Authenticate"/>.
    /// </summary>
    internal void Join(WampSession session, scoped in MessageHeader hello)
    {
        Realm? realm = FindRealm(hello.Text);
        if (realm is null)
        {
            Log.NoSuchRealm(session.Transport, Encoding.UTF8.GetString(hello.Text));
            session.Abort(WampErrors.NoSuchRealm, "no realm of that name on this router"u8);
            return;
        }

        DetailsReader details = hello.DetailsReader;
        if (!details.TryGetKind("roles"u8, out Protocol.Serialization.WampValueKind rolesKind) || rolesKind != Protocol.Serialization.WampValueKind.Map)
        {
            session.Abort(WampErrors.ProtocolViolation, "HELLO.Details.roles must be a dict"u8);
            return;
        }

        TransportInfo transport = session.Connection.Transport;
        if (_authenticator.Throttle.IsBlocked(transport.RemoteAddress))
        {
            Log.AuthenticationThrottled(session.Transport);
            session.Abort(WampErrors.AuthenticationDenied, "too many failed authentications from this address; try again later"u8);
            return;
        }

        session.Features = PeerFeaturesReader.Read(details);
        session.Id = NewSessionId(session);
        AuthenticationStart start = _authenticator.Begin(session.AllowedAuthMethods, realm, details, transport, session.Id);
        if (start.Refusal is { } refusal)
        {
            if (refusal == WampErrorNames.NoAuthMethod)
            {
                Log.NoAuthMethod(session.Transport, realm.Name);
            }
            else
            {
                Log.AuthenticationDenied(session.Transport, realm.Name, start.Message!);
                _authenticator.Throttle.RecordFailure(transport.RemoteAddress);
            }

            ReleaseSessionId(session);
            session.Abort(Encoding.UTF8.GetBytes(refusal), Encoding.UTF8.GetBytes(start.Message!));
            return;
        }

        if (start.Principal is { } principal)
        {
            JoinAuthenticated(session, realm, principal, start.Method!, []);
            return;
        }

        AuthenticationChallenge challenge = start.Challenge!;
        lock (session.AuthLock)
        {
            session.AuthenticatingRealm = realm;
            session.Challenge = challenge;
            session.State = SessionState.Authenticating;
            session.ChallengeTimer = _authenticator.Time.CreateTimer(
                static state => ((ChallengeExpiry)state!).Expire(), new ChallengeExpiry(this, session, challenge), _authenticator.Options.ChallengeTimeout, Timeout.InfiniteTimeSpan);
        }

        session.SendCold(new ChallengeMessage { AuthMethod = Encoding.UTF8.GetBytes(challenge.Method), Extra = challenge.Extra });
    }

    /// <summary>
    /// AUTHENTICATE: the answer is copied out of the frame and checked on <see cref="AuthenticationOptions.Scheduler"/>
    /// (key derivation may take a while), never on the reader or under a realm lock; the session waits meanwhile.
    /// </summary>
    internal void Authenticate(WampSession session, scoped in MessageHeader authenticate)
    {
        AuthenticationChallenge? challenge;
        lock (session.AuthLock)
        {
            challenge = session.Challenge;
            if (challenge is null)
            {
                ReleaseSessionId(session);
                session.Abort(WampErrors.ProtocolViolation, "AUTHENTICATE sent twice"u8);
                return;
            }

            session.Challenge = null;
            session.ChallengeTimer?.Dispose();
            session.ChallengeTimer = null;
        }

        AuthenticateInput input = AuthenticateInput.From(authenticate);
        if (challenge is DynamicTicketChallenge dynamic)
        {
            // The verdict comes from a WAMP call: awaited off the reader, its continuation on the thread pool.
            AuthenticateDynamically(session, dynamic, input);
            return;
        }

        Task.Factory.StartNew(
            () => CompleteAuthentication(session, challenge, input),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            _authenticator.Options.Scheduler);
    }

    /// <summary>Frees the id reserved at HELLO for a session that did not get in.</summary>
    internal void ReleaseSessionId(WampSession session)
    {
        if (session.Id != 0)
        {
            _sessions.TryRemove(session.Id, out _);
            session.Id = 0;
        }
    }

    internal void Forget(WampSession session) => _sessions.TryRemove(session.Id, out _);

    /// <summary>The realm is at <see cref="RealmOptions.MaxSessions"/>: the session id is given back and the peer gets ABORT.</summary>
    internal void RefuseFullRealm(WampSession session, Realm realm)
    {
        ReleaseSessionId(session);
        Log.RealmFull(session.Transport, realm.Name, realm.Options.MaxSessions);
        session.Abort(WampErrors.MaxSessionsReached, "the realm has reached its maximum number of sessions"u8);
    }

    private void CompleteAuthentication(WampSession session, AuthenticationChallenge challenge, AuthenticateInput input)
    {
        bool verified;
        AuthExtraEntry[] welcomeExtra;
        try
        {
            verified = challenge.Verify(input, out welcomeExtra);
        }
        catch (Exception exception)
        {
            // Fail secure: whatever went wrong, the client does not get in.
            Log.AuthenticationError(session.Transport, challenge.Method, exception.Message);
            verified = false;
            welcomeExtra = [];
        }

        lock (session.AuthLock)
        {
            // The transport may have gone while the answer was being checked.
            if (session.State != SessionState.Authenticating || session.AuthenticatingRealm is not { } realm)
            {
                return;
            }

            session.AuthenticatingRealm = null;
            if (!verified)
            {
                string reason = challenge is JwtChallenge { Refusal: { } why }
                    ? $"bearer token refused: {why}"
                    : $"{challenge.Method} credentials of '{challenge.Principal.AuthId}' are wrong";
                Log.AuthenticationDenied(session.Transport, realm.Name, reason);
                _authenticator.Throttle.RecordFailure(session.Connection.Transport.RemoteAddress);
                ReleaseSessionId(session);
                session.Abort(WampErrors.AuthenticationDenied, "wrong credentials"u8);
                return;
            }

            JoinAuthenticated(session, realm, challenge.Principal, challenge.Method, welcomeExtra);
        }
    }

    /// <summary>
    /// Dynamic authentication (docs/security.md): the ticket goes to the configured procedure as a CALL routed by the
    /// realm's dealer; its answer welcomes the client, or one log line and ABORT authentication_denied (the
    /// authenticator refused) or authentication_failed (no verdict: no registration, timeout, unusable answer).
    /// </summary>
    private void AuthenticateDynamically(WampSession session, DynamicTicketChallenge challenge, AuthenticateInput input)
    {
        Realm? realm;
        lock (session.AuthLock)
        {
            realm = session.AuthenticatingRealm;
        }

        if (realm is null)
        {
            return;
        }

        Task<RouterCallResult>? call = DynamicAuthentication.Ask(this, session, realm, challenge, input, out DynamicAuthenticationVerdict refusal);
        if (call is null)
        {
            FinishDynamicAuthentication(session, challenge, refusal);
            return;
        }

        call.ContinueWith(
            answer => FinishDynamicAuthentication(session, challenge, DynamicAuthentication.Interpret(challenge, realm, answer.Result)),
            CancellationToken.None,
            TaskContinuationOptions.None,
            _authenticator.Options.Scheduler);
    }

    private void FinishDynamicAuthentication(WampSession session, DynamicTicketChallenge challenge, DynamicAuthenticationVerdict verdict)
    {
        lock (session.AuthLock)
        {
            if (session.State != SessionState.Authenticating || session.AuthenticatingRealm is not { } current)
            {
                return;
            }

            session.AuthenticatingRealm = null;
            if (verdict.Principal is { } principal)
            {
                challenge.Grant(principal);
                JoinAuthenticated(session, current, principal, challenge.Method, [], DynamicAuthentication.Provider);
                return;
            }

            if (verdict.Refusal == WampErrorNames.AuthenticationDenied)
            {
                Log.AuthenticationDenied(session.Transport, current.Name, verdict.Reason);
                _authenticator.Throttle.RecordFailure(session.Connection.Transport.RemoteAddress);
            }
            else
            {
                Log.AuthenticationError(session.Transport, challenge.Method, verdict.Reason);
            }

            ReleaseSessionId(session);
            session.Abort(Encoding.UTF8.GetBytes(verdict.Refusal!), verdict.Refusal == WampErrorNames.AuthenticationDenied ? "wrong credentials"u8 : "the authenticator gave no verdict"u8);
        }
    }

    /// <summary>No AUTHENTICATE in due time (WAMP-CRA, "Server-side Verification"): the session is aborted.</summary>
    private void ExpireChallenge(WampSession session, AuthenticationChallenge challenge)
    {
        lock (session.AuthLock)
        {
            if (session.State != SessionState.Authenticating || !ReferenceEquals(session.Challenge, challenge))
            {
                return;
            }

            session.Challenge = null;
            session.AuthenticatingRealm = null;
            session.ChallengeTimer?.Dispose();
            session.ChallengeTimer = null;
            Log.AuthenticationDenied(session.Transport, challenge.Principal.Realm, "no AUTHENTICATE in time");
            ReleaseSessionId(session);
            session.Abort(WampErrors.AuthenticationDenied, "no AUTHENTICATE in time"u8);
        }
    }

    private void JoinAuthenticated(WampSession session, Realm realm, Principal principal, string method, AuthExtraEntry[] welcomeExtra, string provider = SessionAuthenticator.Provider)
    {
        // A reload may have removed the role since the configuration was read.
        bool builtIn = principal is TrustedPrincipal { HasBuiltInRole: true };
        if ((builtIn ? Authorization.Role.Trusted : realm.FindRole(principal.Role)) is not { } role)
        {
            Log.AuthenticationError(session.Transport, method, $"role '{principal.Role}' is not defined in realm '{realm.Name}'");
            ReleaseSessionId(session);
            session.Abort(WampErrors.AuthenticationFailed, "the principal's role does not exist"u8);
            return;
        }

        if (principal is TrustedPrincipal)
        {
            provider = SessionAuthenticator.InternalProvider;
        }

        if (!realm.Join(session, role, principal.AuthId, method, Roles, provider, welcomeExtra))
        {
            RefuseFullRealm(session, realm);
            return;
        }

        // Cookie authentication: the principal is remembered by the cookie the router issued to this connection, for
        // the next HELLO; never by the presented one, which the client (or an attacker) may have chosen.
        if ((session.AllowedAuthMethods & AuthMethods.Cookie) != 0 && principal is not (AnonymousPrincipal or TrustedPrincipal)
            && session.Connection.Transport.IssuedAuthCookie is { Length: > 0 } cookie)
        {
            _authenticator.Cookies.Remember(cookie, principal, method);
        }
    }

    private ulong NewSessionId(WampSession session)
    {
        while (true)
        {
            ulong id = IdGenerator.NextGlobal();
            if (_sessions.TryAdd(id, session))
            {
                return id;
            }
        }
    }

    public void Dispose()
    {
        foreach (Realm realm in _realms.Values)
        {
            realm.Dispose();
        }
    }

    /// <summary>The state of one challenge's timer: which session and which challenge it may expire.</summary>
    private sealed class ChallengeExpiry(WampRouter router, WampSession session, AuthenticationChallenge challenge)
    {
        public void Expire() => router.ExpireChallenge(session, challenge);
    }
}
