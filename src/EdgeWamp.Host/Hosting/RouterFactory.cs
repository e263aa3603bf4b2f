using EdgeWamp.Host.Configuration;
using EdgeWamp.Router;
using EdgeWamp.Router.Authentication;
using EdgeWamp.Router.Authorization;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary>Turns the validated configuration into the router's realms and roles.</summary>
internal static class RouterFactory
{
    public static WampRouter Create(EdgeWampConfig config, ILogger<WampRouter> logger) =>
        new(config.Realms.Select(realm => CreateRealm(realm, config.Authentication, config.Limits)).ToList(), logger, authentication: CreateAuthentication(config))
        {
            HelloTimeout = TimeSpan.FromMilliseconds(config.Limits.HelloTimeoutMs),
        };

    /// <summary>The principals of every method; the configuration is validated, so every value parses.</summary>
    public static AuthenticationOptions CreateAuthentication(EdgeWampConfig config)
    {
        AuthenticationConfig authentication = config.Authentication;
        return new AuthenticationOptions
        {
            Ticket = authentication.Ticket.Select(entry => new TicketPrincipal
            {
                AuthId = entry.AuthId,
                Realm = entry.Realm,
                Role = entry.Role,
                SecretHash = SecretHash.TryParse(entry.SecretHash, out SecretHash? hash, out _) ? hash : throw new InvalidOperationException("unvalidated secretHash"),
            }).ToList(),
            WampCra = authentication.WampCra.Select(entry => new WampCraPrincipal
            {
                AuthId = entry.AuthId,
                Realm = entry.Realm,
                Role = entry.Role,
                Secret = entry.Secret,
                Salt = entry.Salt,
                Iterations = entry.Iterations,
                KeyLength = entry.KeyLength,
            }).ToList(),
            Cryptosign = authentication.Cryptosign.Select(entry => new CryptosignPrincipal
            {
                AuthId = entry.AuthId,
                Realm = entry.Realm,
                Role = entry.Role,
                PublicKeys = entry.PublicKeys.Select(Convert.FromHexString).ToList(),
            }).ToList(),
            Scram = authentication.Scram.Select(entry => new ScramPrincipal
            {
                AuthId = entry.AuthId,
                Realm = entry.Realm,
                Role = entry.Role,
                Kdf = entry.Kdf == ConfigVocabulary.ScramKdfPbkdf2 ? ScramKdf.Pbkdf2 : ScramKdf.Argon2id13,
                Salt = entry.Salt,
                Iterations = entry.Iterations,
                Memory = entry.Memory,
                StoredKey = Convert.FromBase64String(entry.StoredKey),
                ServerKey = Convert.FromBase64String(entry.ServerKey),
            }).ToList(),
            Tls = authentication.Tls.Select(entry => new TlsPrincipal
            {
                AuthId = entry.AuthId,
                Realm = entry.Realm,
                Role = entry.Role,
                Thumbprint = entry.Thumbprint,
                Subject = entry.Subject,
            }).ToList(),
            Jwt = authentication.Jwt.Select(entry => new JwtIssuer
            {
                Issuer = entry.Issuer,
                Audience = entry.Audience,
                Realm = entry.Realm,
                AuthIdClaim = entry.AuthidClaim,
                RoleClaim = entry.RoleClaim,
                Role = entry.Role,
                ClockSkew = TimeSpan.FromSeconds(entry.ClockSkewSeconds),
                Keys = entry.Keys.Select(key =>
                    JwtIssuerKey.FromPem(ParseJwtAlgorithm(key.Alg)!.Value, key.PublicKey, key.Kid, out _) ?? throw new InvalidOperationException("unvalidated JWT key")).ToList(),
            }).ToList(),
            Dynamic = authentication.Dynamic.Select(entry => new DynamicAuthenticator
            {
                Realm = entry.Realm,
                Procedure = entry.Procedure,
                AuthenticatorRealm = entry.AuthenticatorRealm,
                Methods = ParseAuthMethods(entry.Methods),
                Timeout = TimeSpan.FromMilliseconds(entry.TimeoutMs),
            }).ToList(),
            ChallengeTimeout = TimeSpan.FromSeconds(config.Limits.AuthChallengeTimeoutSeconds),
            Cookies = new CookieLimits
            {
                MaxAge = TimeSpan.FromSeconds(authentication.Cookie.MaxAgeSeconds),
                MaxEntries = authentication.Cookie.MaxEntries,
            },
            FailureLimits = new FailedAuthenticationLimits
            {
                MaxFailures = config.Limits.AuthFailureLimit,
                Window = TimeSpan.FromSeconds(config.Limits.AuthFailureWindowSeconds),
                Cooldown = TimeSpan.FromSeconds(config.Limits.AuthFailureCooldownSeconds),
                MaxAddresses = config.Limits.AuthFailureMaxAddresses,
            },
        };
    }

    private static RealmOptions CreateRealm(RealmConfig realm, AuthenticationConfig authentication, LimitsConfig limits) => new()
    {
        Name = realm.Name,
        Roles = realm.Roles.Select(CreateRole).ToList(),
        AnonymousRole = AnonymousRoleOf(realm.Name, authentication),
        EventHistoryLength = realm.EventHistory,
        MaxRetainedTopics = realm.MaxRetainedTopics,
        MaxSessions = limits.MaxSessionsPerRealm,
        MaxPendingCallsPerSession = limits.MaxPendingCalls,
        SlowConsumer = limits.SlowConsumer == LimitsConfig.SlowConsumerDisconnect ? SlowConsumerPolicy.Disconnect : SlowConsumerPolicy.Drop,
    };

    public static Role CreateRole(RoleConfig role) =>
        new(role.Name, role.Permissions.Select(CreatePermission).ToList(), role.Trustlevel)
        {
            Authorizer = role.Authorizer,
            AuthorizerTimeout = TimeSpan.FromMilliseconds(role.AuthorizerTimeoutMs),
        };

    private static PermissionRule CreatePermission(PermissionConfig permission)
    {
        UriMatch match = permission.Match switch
        {
            ConfigVocabulary.MatchPrefix => UriMatch.Prefix,
            ConfigVocabulary.MatchWildcard => UriMatch.Wildcard,
            _ => UriMatch.Exact,
        };
        WampAction allow = WampAction.None;
        foreach (string action in permission.Allow)
        {
            allow |= action switch
            {
                ConfigVocabulary.ActionCall => WampAction.Call,
                ConfigVocabulary.ActionRegister => WampAction.Register,
                ConfigVocabulary.ActionPublish => WampAction.Publish,
                _ => WampAction.Subscribe,
            };
        }

        RuleDisclosure disclose = RuleDisclosure.None;
        if (permission.Disclose is { } forced)
        {
            disclose = (forced.Caller ? RuleDisclosure.Caller : RuleDisclosure.None) | (forced.Publisher ? RuleDisclosure.Publisher : RuleDisclosure.None);
        }

        return new PermissionRule(permission.Uri, match, allow, disclose);
    }

    public static JwtAlgorithm? ParseJwtAlgorithm(string alg) => alg switch
    {
        "RS256" => JwtAlgorithm.RS256,
        "ES256" => JwtAlgorithm.ES256,
        "EdDSA" => JwtAlgorithm.EdDSA,
        _ => null,
    };

    public static string? AnonymousRoleOf(string realm, AuthenticationConfig authentication) =>
        authentication.Anonymous.FirstOrDefault(entry => entry.Realm == realm)?.Role;

    public static AuthMethods ParseAuthMethods(IEnumerable<string> methods)
    {
        AuthMethods result = AuthMethods.None;
        foreach (string method in methods)
        {
            result |= method switch
            {
                ConfigVocabulary.AuthAnonymous => AuthMethods.Anonymous,
                ConfigVocabulary.AuthTicket => AuthMethods.Ticket,
                ConfigVocabulary.AuthWampCra => AuthMethods.WampCra,
                ConfigVocabulary.AuthScram => AuthMethods.Scram,
                ConfigVocabulary.AuthTls => AuthMethods.Tls,
                ConfigVocabulary.AuthCookie => AuthMethods.Cookie,
                _ => AuthMethods.Cryptosign,
            };
        }

        return result;
    }
}
