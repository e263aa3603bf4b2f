using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// Decides what a HELLO leads to (WAMP spec, Advanced Profile, "Authentication"): among the methods the client
/// offers (HELLO.Details.authmethods; none means anonymous) and its listener allows, the first, in the order
/// cookie, cryptosign, wamp-scram, scram, wampcra, ticket, tls, anonymous, with an entry that grants the realm to the authid.
/// </summary>
internal sealed class SessionAuthenticator
{
    /// <summary>WELCOME.Details.authprovider for principals from the configuration.</summary>
    public const string Provider = "static";

    /// <summary>WELCOME.Details.authprovider for the router's own in-process sessions (method "trusted").</summary>
    public const string InternalProvider = "internal";

    private const int MaxAuthIdLength = 256;
    private const int Ed25519KeyLength = 32;

    private readonly Dictionary<(string Realm, string AuthId), TicketPrincipal> _ticket;
    private readonly Dictionary<(string Realm, string AuthId), WampCraPrincipal> _wampCra;
    private readonly Dictionary<(string Realm, string AuthId), ScramPrincipal> _scram;
    private readonly IReadOnlyList<CryptosignPrincipal> _cryptosign;
    private readonly IReadOnlyList<TlsPrincipal> _tls;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, List<JwtIssuer>> _jwt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DynamicAuthenticator> _dynamic = new(StringComparer.Ordinal);

    // (method, realm) pairs with at least one principal: a method without any is not available there (no_auth_method).
    private readonly HashSet<(AuthMethods Method, string Realm)> _available = [];

    public SessionAuthenticator(AuthenticationOptions options, TimeProvider time)
    {
        Options = options;
        _time = time;
        _ticket = ToTable(options.Ticket);
        _wampCra = ToTable(options.WampCra);
        _scram = ToTable(options.Scram);
        _cryptosign = options.Cryptosign;
        _tls = options.Tls;
        foreach (JwtIssuer issuer in options.Jwt)
        {
            if (!_jwt.TryGetValue(issuer.Realm, out List<JwtIssuer>? issuers))
            {
                _jwt[issuer.Realm] = issuers = [];
            }

            issuers.Add(issuer);
            _available.Add((AuthMethods.Ticket, issuer.Realm));
        }
        foreach (DynamicAuthenticator dynamic in options.Dynamic)
        {
            _dynamic.TryAdd(dynamic.Realm, dynamic);
            _available.Add((AuthMethods.Ticket, dynamic.Realm));
        }

        foreach ((AuthMethods method, IEnumerable<Principal> principals) in new (AuthMethods, IEnumerable<Principal>)[]
        {
            (AuthMethods.Ticket, options.Ticket), (AuthMethods.WampCra, options.WampCra), (AuthMethods.Cryptosign, options.Cryptosign),
            (AuthMethods.Scram, options.Scram), (AuthMethods.Tls, options.Tls),
        })
        {
            foreach (Principal principal in principals)
            {
                _available.Add((method, principal.Realm));
            }
        }

        Throttle = new FailedAuthenticationThrottle(options.FailureLimits, time);
        Cookies = new AuthCookieJar(options.Cookies, time);
    }

    public AuthenticationOptions Options { get; }

    public FailedAuthenticationThrottle Throttle { get; }

    public AuthCookieJar Cookies { get; }

    public TimeProvider Time => _time;

    public AuthenticationStart Begin(AuthMethods allowed, Realm realm, DetailsReader hello, TransportInfo transport, ulong sessionId)
    {
        bool listed = hello.TryGetKind("authmethods"u8, out _);

        string? authId = AuthenticateInput.ReadString(hello, "authid"u8);
        if (authId is { Length: > MaxAuthIdLength })
        {
            return AuthenticationStart.Refused(WampErrorNames.AuthenticationDenied, "authid too long");
        }

        hello.TryGetMap("authextra"u8, out DetailsReader authExtra);
        bool offeredAny = false;

        // The router's own components: only an in-process connection opened with Trusted may use it, never a listener's.
        if ((allowed & AuthMethods.Trusted) != 0 && transport.Kind == TransportKind.Local && listed
            && hello.ListContainsString("authmethods"u8, "trusted"u8))
        {
            return BeginTrusted(realm, authId, AuthenticateInput.ReadString(hello, "authrole"u8));
        }

        // A remembered cookie needs no credentials at all: it comes first. It is taken out of the jar (one use); the
        // login records the cookie this connection was issued instead (rotation).
        if (Offers(allowed, hello, listed, AuthMethods.Cookie, "cookie"u8) && transport.AuthCookie is { Length: > 0 } cookie
            && Cookies.Take(cookie, realm.Name, authId) is { } remembered)
        {
            return AuthenticationStart.Welcome(remembered, AuthMethodNames.Cookie);
        }

        if (Offers(allowed, hello, listed, AuthMethods.Cryptosign, "cryptosign"u8))
        {
            offeredAny |= _available.Contains((AuthMethods.Cryptosign, realm.Name));
            AuthenticationStart? start = BeginCryptosign(realm, authId, authExtra, transport);
            if (start is not null)
            {
                return start.Value;
            }
        }

        foreach (string scram in (ReadOnlySpan<string>)[AuthMethodNames.WampScram, AuthMethodNames.Scram])
        {
            if (Offers(allowed, hello, listed, AuthMethods.Scram, System.Text.Encoding.ASCII.GetBytes(scram)))
            {
                offeredAny |= _available.Contains((AuthMethods.Scram, realm.Name));
                if (authId is not null && _scram.TryGetValue((realm.Name, authId), out ScramPrincipal? principal))
                {
                    return BeginScram(scram, principal, authExtra, transport);
                }
            }
        }

        if (Offers(allowed, hello, listed, AuthMethods.WampCra, "wampcra"u8))
        {
            offeredAny |= _available.Contains((AuthMethods.WampCra, realm.Name));
            if (authId is not null && _wampCra.TryGetValue((realm.Name, authId), out WampCraPrincipal? principal))
            {
                return AuthenticationStart.Challenged(new WampCraChallenge(principal, sessionId, _time.GetUtcNow()));
            }
        }

        if (Offers(allowed, hello, listed, AuthMethods.Ticket, "ticket"u8))
        {
            offeredAny |= _available.Contains((AuthMethods.Ticket, realm.Name));
            if (authId is not null && _ticket.TryGetValue((realm.Name, authId), out TicketPrincipal? principal))
            {
                return AuthenticationStart.Challenged(new TicketChallenge(principal));
            }

            // Not a ticket principal: a dynamic authenticator of this realm decides, when there is one.
            if (_dynamic.TryGetValue(realm.Name, out DynamicAuthenticator? dynamic) && (dynamic.Methods & AuthMethods.Ticket) != 0)
            {
                return AuthenticationStart.Challenged(new DynamicTicketChallenge(dynamic, realm.Name, authId));
            }

            // Not a ticket principal: the ticket may be a bearer token of an issuer for this realm.
            if (_jwt.TryGetValue(realm.Name, out List<JwtIssuer>? issuers))
            {
                return AuthenticationStart.Challenged(new JwtChallenge(realm.Name, issuers, authId, _time));
            }
        }

        if (Offers(allowed, hello, listed, AuthMethods.Tls, "tls"u8))
        {
            offeredAny |= _available.Contains((AuthMethods.Tls, realm.Name));
            TlsPrincipal? principal = transport.ClientCertificate is { } certificate ? FindTlsPrincipal(realm.Name, authId, certificate) : null;
            if (principal is not null)
            {
                return AuthenticationStart.Welcome(principal, AuthMethodNames.Tls);
            }
        }

        if (Offers(allowed, hello, listed, AuthMethods.Anonymous, "anonymous"u8))
        {
            if (realm.AnonymousRole is { } role && realm.FindRole(role) is not null)
            {
                return AuthenticationStart.Welcome(new AnonymousPrincipal { AuthId = NewAnonymousAuthId(), Realm = realm.Name, Role = role }, AuthMethodNames.Anonymous);
            }
        }

        // An unknown authid and a known one without a grant for this realm look the same: no user enumeration.
        return offeredAny
            ? AuthenticationStart.Refused(WampErrorNames.AuthenticationDenied, "no principal of an offered method is granted this realm")
            : AuthenticationStart.Refused(WampErrorNames.NoAuthMethod, "no allowed authentication method grants this realm");
    }

    /// <summary>A trusted session gets the role it asks for (HELLO.Details.authrole), which must exist, else the built-in one.</summary>
    private static AuthenticationStart BeginTrusted(Realm realm, string? authId, string? authRole)
    {
        if (authRole is not null && realm.FindRole(authRole) is null)
        {
            return AuthenticationStart.Refused(WampErrorNames.NoSuchRole, $"no role '{authRole}' in realm '{realm.Name}'");
        }

        var principal = new TrustedPrincipal
        {
            AuthId = authId ?? "edgewamp",
            Realm = realm.Name,
            Role = authRole ?? Authorization.Role.Trusted.Name,
            HasBuiltInRole = authRole is null,
        };
        return AuthenticationStart.Welcome(principal, AuthMethodNames.Trusted);
    }

    private static bool Offers(AuthMethods allowed, DetailsReader hello, bool listed, AuthMethods method, ReadOnlySpan<byte> name) =>
        (allowed & method) != 0 && (listed ? hello.ListContainsString("authmethods"u8, name) : method == AuthMethods.Anonymous);

    private AuthenticationStart? BeginCryptosign(Realm realm, string? authId, DetailsReader authExtra, TransportInfo transport)
    {
        string? publicKeyHex = authExtra.Encoded.IsEmpty ? null : AuthenticateInput.ReadString(authExtra, "pubkey"u8);
        byte[] publicKey;
        try
        {
            publicKey = publicKeyHex is null ? [] : Convert.FromHexString(publicKeyHex);
        }
        catch (FormatException)
        {
            return AuthenticationStart.Refused(WampErrorNames.AuthenticationDenied, "authextra.pubkey must be hex");
        }

        if (publicKey.Length != Ed25519KeyLength)
        {
            return null;
        }

        CryptosignPrincipal? principal = null;
        foreach (CryptosignPrincipal candidate in _cryptosign)
        {
            if (candidate.Realm == realm.Name && (authId is null || candidate.AuthId == authId) && candidate.HasKey(publicKey))
            {
                principal = candidate;
                break;
            }
        }

        if (principal is null)
        {
            return null;
        }

        string? binding = authExtra.Encoded.IsEmpty ? null : AuthenticateInput.ReadString(authExtra, "channel_binding"u8);
        if (binding is not null && (binding != "tls-unique" || transport.TlsUnique.IsEmpty))
        {
            return AuthenticationStart.Refused(WampErrorNames.AuthenticationDenied, "channel binding not available on this transport");
        }

        return AuthenticationStart.Challenged(new CryptosignChallenge(principal, publicKey, binding, transport.TlsUnique.Span));
    }

    private static AuthenticationStart BeginScram(string method, ScramPrincipal principal, DetailsReader authExtra, TransportInfo transport)
    {
        string? nonce = authExtra.Encoded.IsEmpty ? null : AuthenticateInput.ReadString(authExtra, "nonce"u8);
        if (string.IsNullOrEmpty(nonce) || nonce.Contains(',', StringComparison.Ordinal))
        {
            return AuthenticationStart.Refused(WampErrorNames.AuthenticationDenied, "authextra.nonce is required for WAMP-SCRAM");
        }

        string? binding = authExtra.Encoded.IsEmpty ? null : AuthenticateInput.ReadString(authExtra, "channel_binding"u8);
        if (binding is not null && (binding != "tls-unique" || transport.TlsUnique.IsEmpty))
        {
            return AuthenticationStart.Refused(WampErrorNames.AuthenticationDenied, "channel binding not available on this transport");
        }

        return AuthenticationStart.Challenged(new ScramChallenge(method, principal, nonce, binding, transport.TlsUnique.Span));
    }

    private TlsPrincipal? FindTlsPrincipal(string realm, string? authId, X509Certificate2 certificate)
    {
        string thumbprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        string subject = certificate.Subject;
        string commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        foreach (TlsPrincipal candidate in _tls)
        {
            if (candidate.Realm != realm || (authId is not null && candidate.AuthId != authId))
            {
                continue;
            }

            bool matches = candidate.Thumbprint is not null ? string.Equals(candidate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase)
                : candidate.Subject is not null ? string.Equals(candidate.Subject, subject, StringComparison.Ordinal)
                : candidate.AuthId == commonName;
            if (matches)
            {
                return candidate;
            }
        }

        return null;
    }

    private static Dictionary<(string Realm, string AuthId), T> ToTable<T>(IReadOnlyList<T> principals)
        where T : Principal
    {
        var table = new Dictionary<(string, string), T>();
        foreach (T principal in principals)
        {
            table.TryAdd((principal.Realm, principal.AuthId), principal);
        }

        return table;
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
}
