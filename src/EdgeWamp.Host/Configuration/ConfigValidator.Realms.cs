namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    /// <summary>Checks realms, roles and permissions; returns each valid realm's role names for reference checks.</summary>
    private Dictionary<string, HashSet<string>> CheckRealms(IReadOnlyList<RealmConfig> realms)
    {
        var roles = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (realms.Count == 0)
        {
            Error("$.realms", "at least one realm is required");
        }

        for (var i = 0; i < realms.Count; i++)
        {
            var realm = realms[i];
            var path = $"$.realms[{i}]";
            if (WampUriRules.CheckRealmName(realm.Name) is { } problem)
            {
                Error($"{path}.name", problem);
            }
            else if (roles.ContainsKey(realm.Name))
            {
                Error($"{path}.name", $"duplicate realm name '{realm.Name}'");
            }

            if (realm.EventHistory is < 0 or > 100_000)
            {
                Error($"{path}.eventHistory", "must be from 0 (no history) to 100000 events per subscription");
            }

            if (realm.MaxRetainedTopics is < 0 or > 1_000_000)
            {
                Error($"{path}.maxRetainedTopics", "must be from 0 to 1000000");
            }

            var realmRoles = CheckRoles(realm.Roles, path);
            roles.TryAdd(realm.Name, realmRoles);
        }

        return roles;
    }

    private HashSet<string> CheckRoles(IReadOnlyList<RoleConfig> roles, string realmPath)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < roles.Count; i++)
        {
            var role = roles[i];
            var path = $"{realmPath}.roles[{i}]";
            if (string.IsNullOrWhiteSpace(role.Name))
            {
                Error($"{path}.name", "a role name must not be empty");
            }
            else if (!names.Add(role.Name))
            {
                Error($"{path}.name", $"duplicate role name '{role.Name}' in this realm");
            }

            if (role.Authorizer is { } authorizer
                && (!Router.Uris.WampUriValidator.IsValid(System.Text.Encoding.UTF8.GetBytes(authorizer)) || authorizer.StartsWith("wamp.", StringComparison.Ordinal)))
            {
                Error($"{path}.authorizer", $"'{authorizer}' is not a valid procedure URI (and must not start with 'wamp.')");
            }

            if (role.AuthorizerTimeoutMs is < 1 or > 60000)
            {
                Error($"{path}.authorizerTimeoutMs", $"{role.AuthorizerTimeoutMs} is out of range; 1 to 60000 milliseconds");
            }

            if (role.Trustlevel is < 0)
            {
                Error($"{path}.trustlevel", "a trust level must not be negative");
            }

            for (var j = 0; j < role.Permissions.Count; j++)
            {
                CheckPermission(role.Permissions[j], $"{path}.permissions[{j}]");
            }
        }

        return names;
    }

    private void CheckPermission(PermissionConfig permission, string path)
    {
        if (!ConfigVocabulary.PermissionMatches.Contains(permission.Match))
        {
            Error($"{path}.match", $"unknown match '{permission.Match}'; expected one of: {string.Join(", ", ConfigVocabulary.PermissionMatches)}");
        }
        else if (WampUriRules.CheckPattern(permission.Uri, permission.Match) is { } problem)
        {
            Error($"{path}.uri", problem);
        }

        CheckKnownItems(permission.Allow, ConfigVocabulary.PermissionActions, $"{path}.allow", "action");
    }
}
