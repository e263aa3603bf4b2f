using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeWamp.Host.Configuration;

/// <summary>Where runtime files such as Unix sockets live when the configuration names them relatively.</summary>
internal static class RuntimePaths
{
    /// <summary>Set by systemd for units with <c>RuntimeDirectory=</c> (for example /run/edgewamp).</summary>
    public const string SystemdRuntimeDirectoryVariable = "RUNTIME_DIRECTORY";

    /// <summary>The per-user runtime directory of the XDG Base Directory specification (for example /run/user/1000).</summary>
    public const string XdgRuntimeDirectoryVariable = "XDG_RUNTIME_DIR";

    /// <summary>
    /// Resolves a configured Unix socket path: an absolute path is kept, a relative one is placed in
    /// <see cref="GetRuntimeDirectory()"/>.
    /// </summary>
    public static string ResolveUnixSocketPath(string configured) =>
        ResolveUnixSocketPath(configured, Environment.GetEnvironmentVariable, GetUserId);

    /// <summary>As <see cref="ResolveUnixSocketPath(string)"/>, with the environment and user id given, for tests.</summary>
    public static string ResolveUnixSocketPath(string configured, Func<string, string?> getEnvironmentVariable, Func<uint> getUserId) =>
        Path.IsPathRooted(configured)
            ? configured
            : Path.GetFullPath(Path.Combine(GetRuntimeDirectory(getEnvironmentVariable, getUserId), configured));

    /// <summary>The directory for runtime files of this process.</summary>
    public static string GetRuntimeDirectory() => GetRuntimeDirectory(Environment.GetEnvironmentVariable, GetUserId);

    /// <summary>
    /// <c>$RUNTIME_DIRECTORY</c> when systemd set it (the first, if it lists several), else
    /// <c>$XDG_RUNTIME_DIR/edgewamp</c>, else <c>/tmp/edgewamp-&lt;uid&gt;</c>.
    /// </summary>
    /// <remarks>
    /// Security: the last one is in a world-writable directory where another user could create it first, so
    /// whoever creates it must check that it is owned by this user and not writable by others.
    /// </remarks>
    public static string GetRuntimeDirectory(Func<string, string?> getEnvironmentVariable, Func<uint> getUserId)
    {
        // systemd joins several RuntimeDirectory= entries with ':'.
        var systemd = getEnvironmentVariable(SystemdRuntimeDirectoryVariable)?.Split(':')[0];
        if (!string.IsNullOrEmpty(systemd))
        {
            return systemd;
        }

        var xdg = getEnvironmentVariable(XdgRuntimeDirectoryVariable);
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "edgewamp");
        }

        return Path.Combine("/tmp", "edgewamp-" + getUserId().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The real user id of this process, from getuid(2), which always succeeds.</summary>
    public static uint GetUserId() => GetUid();

    // DllImport rather than LibraryImport: the generator needs AllowUnsafeBlocks, which the solution keeps off,
    // and a blittable call with no arguments needs no generated marshalling anyway.
    [DllImport("libc", EntryPoint = "getuid", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint GetUid();
}
