namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    /// <summary>
    /// The roles the router's in-process sessions ask for (<c>devices.authrole</c>, <c>uplinks[].localAuthrole</c>,
    /// <c>listeners[].line.authrole</c>) exist in the realm each session joins. Absent, they get the built-in "trusted".
    /// </summary>
    private void CheckInProcessRoles(EdgeWampConfig config)
    {
        if (config.Realms.Count == 0)
        {
            return;
        }

        if (config.Devices.Authrole is { } deviceRole)
        {
            CheckRoleOfRealm(config.Realms, config.Devices.Realm ?? config.Realms[0].Name, deviceRole, "$.devices.authrole");
        }

        for (var i = 0; i < config.Uplinks.Count; i++)
        {
            UplinkConfig uplink = config.Uplinks[i];
            if (uplink.LocalAuthrole is { } uplinkRole)
            {
                CheckRoleOfRealm(config.Realms, uplink.LocalRealm ?? config.Realms[0].Name, uplinkRole, $"$.uplinks[{i}].localAuthrole");
            }
        }

        for (var i = 0; i < config.Listeners.Count; i++)
        {
            if (config.Listeners[i].Line is { Authrole: { } lineRole } line)
            {
                CheckRoleOfRealm(config.Realms, line.Realm, lineRole, $"$.listeners[{i}].line.authrole");
            }
        }
    }

    /// <summary>An unknown realm is reported by its own check; here only a missing role of a known realm.</summary>
    private void CheckRoleOfRealm(IReadOnlyList<RealmConfig> realms, string realmName, string role, string path)
    {
        RealmConfig? realm = realms.FirstOrDefault(candidate => candidate.Name == realmName);
        if (realm is not null && !realm.Roles.Any(candidate => candidate.Name == role))
        {
            Error(path, $"no role '{role}' in realm '{realmName}'");
        }
    }
}
