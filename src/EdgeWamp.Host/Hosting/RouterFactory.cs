using EdgeWamp.Host.Configuration;
using EdgeWamp.Router;
using EdgeWamp.Router.Authorization;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary>Turns the validated configuration into the router's realms and roles.</summary>
internal static class RouterFactory
{
    public static WampRouter Create(EdgeWampConfig config, ILogger<WampRouter> logger) =>
        new(config.Realms.Select(realm => CreateRealm(realm, config.Authentication, config.Limits)).ToList(), logger)
        {
            HelloTimeout = TimeSpan.FromMilliseconds(config.Limits.HelloTimeoutMs),
        };

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
        new(role.Name, role.Permissions.Select(CreatePermission).ToList(), role.Trustlevel);

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

        return new PermissionRule(permission.Uri, match, allow);
    }

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
                _ => AuthMethods.Cryptosign,
            };
        }

        return result;
    }
}
