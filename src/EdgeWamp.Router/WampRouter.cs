using System.Collections.Concurrent;
using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Router.Authorization;
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

    public WampRouter(IEnumerable<RealmOptions> realms, ILogger<WampRouter>? logger = null, TimeProvider? time = null)
    {
        Log = logger ?? (ILogger)NullLogger.Instance;
        Time = time ?? TimeProvider.System;
        foreach (RealmOptions options in realms)
        {
            _realms.Add(new WampUri(Encoding.UTF8.GetBytes(options.Name)), new Realm(options, Log, time ?? TimeProvider.System));
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

    /// <summary>
    /// HELLO (WAMP spec, "Session Establishment"):
    /// 1. the realm must exist, else ABORT wamp.error.no_such_realm;
    /// 2. Details.roles must be a dict, else ABORT wamp.error.protocol_violation;
    /// 3. an authentication method the listener allows must grant the realm, else ABORT wamp.error.no_auth_method;
    /// 4. the session gets a random id and joins the realm, which sends WELCOME.
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

        Role? role = AuthenticateAnonymous(session, realm, details);
        if (role is null)
        {
            Log.NoAuthMethod(session.Transport, realm.Name);
            session.Abort(WampErrors.NoAuthMethod, "no allowed authentication method grants this realm"u8);
            return;
        }

        session.Features = PeerFeaturesReader.Read(details);
        session.Id = NewSessionId(session);
        if (!realm.Join(session, role, NewAnonymousAuthId(), "anonymous", Roles))
        {
            RefuseFullRealm(session, realm);
        }
    }

    /// <summary>The realm is at <see cref="RealmOptions.MaxSessions"/>: the session id is given back and the peer gets ABORT.</summary>
    internal void RefuseFullRealm(WampSession session, Realm realm)
    {
        Forget(session);
        session.Id = 0;
        Log.RealmFull(session.Transport, realm.Name, realm.Options.MaxSessions);
        session.Abort(WampErrors.MaxSessionsReached, "the realm has reached its maximum number of sessions"u8);
    }

    internal void Forget(WampSession session) => _sessions.TryRemove(session.Id, out _);

    private static Role? AuthenticateAnonymous(WampSession session, Realm realm, DetailsReader details)
    {
        bool offered = !details.TryGetKind("authmethods"u8, out _) || details.ListContainsString("authmethods"u8, "anonymous"u8);
        if (!offered || (session.AllowedAuthMethods & AuthMethods.Anonymous) == 0 || realm.AnonymousRole is not { } roleName)
        {
            return null;
        }

        return realm.FindRole(roleName);
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

    /// <summary>Anonymous sessions get a random authid, as the spec allows ("WELCOME.Details.authid").</summary>
    private static string NewAnonymousAuthId()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        Span<char> id = stackalloc char[14];
        for (int i = 0; i < id.Length; i++)
        {
            id[i] = i is 4 or 9 ? '-' : alphabet[Random.Shared.Next(alphabet.Length)];
        }

        return new string(id);
    }

    public void Dispose()
    {
        foreach (Realm realm in _realms.Values)
        {
            realm.Dispose();
        }
    }
}
