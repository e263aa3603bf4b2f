namespace EdgeWamp.Host.Configuration;

/// <summary>Where state that must survive a restart (the uplinks' store-and-forward queues) lives.</summary>
internal static class StatePaths
{
    /// <summary>Set by systemd for units with <c>StateDirectory=</c> (for example /var/lib/edgewamp).</summary>
    public const string SystemdStateDirectoryVariable = "STATE_DIRECTORY";

    /// <summary>The per-user state directory of the XDG Base Directory specification.</summary>
    public const string XdgStateHomeVariable = "XDG_STATE_HOME";

    public static string GetStateDirectory() => GetStateDirectory(Environment.GetEnvironmentVariable, RuntimePaths.GetUserId);

    /// <summary>
    /// <c>$STATE_DIRECTORY</c> (the first, if several), else <c>/var/lib/edgewamp</c> for root, else
    /// <c>$XDG_STATE_HOME/edgewamp</c>, else <c>~/.local/state/edgewamp</c>.
    /// </summary>
    public static string GetStateDirectory(Func<string, string?> getEnvironmentVariable, Func<uint> getUserId)
    {
        string? systemd = getEnvironmentVariable(SystemdStateDirectoryVariable)?.Split(':')[0];
        if (!string.IsNullOrEmpty(systemd))
        {
            return systemd;
        }

        if (getUserId() == 0)
        {
            return "/var/lib/edgewamp";
        }

        string? xdg = getEnvironmentVariable(XdgStateHomeVariable);
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "edgewamp");
        }

        return Path.Combine(getEnvironmentVariable("HOME") ?? "/tmp", ".local", "state", "edgewamp");
    }
}
