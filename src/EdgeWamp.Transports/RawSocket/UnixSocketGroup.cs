using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeWamp.Transports.RawSocket;

/// <summary>
/// Gives a Unix socket file to a group (chown to the group, owner unchanged), so that with mode 0660 the members of
/// that group may connect. .NET has no API for a file's group, hence two libc calls. <c>DllImport</c> rather than
/// <c>LibraryImport</c>: the build keeps unsafe code off, and these signatures need no generated marshalling beyond UTF-8 strings.
/// </summary>
internal static class UnixSocketGroup
{
    private const string Library = "libc";

    // chown(2): an owner of (uid_t)-1 leaves the owner unchanged.
    private const uint Unchanged = uint.MaxValue;

    /// <summary>Sets the group of <paramref name="path"/> to <paramref name="group"/> (a name, or a numeric id).</summary>
    /// <exception cref="IOException">The group does not exist, or the file's group cannot be changed (with the reason).</exception>
    public static void Apply(string path, string group)
    {
        uint gid = Resolve(group);
        if (Chown(path, Unchanged, gid) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot give the socket {path} to group '{group}' (gid {gid}): {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>The group id of <paramref name="group"/>, looked up through the system's group database (getgrnam(3)).</summary>
    /// <exception cref="IOException">No such group.</exception>
    public static uint Resolve(string group)
    {
        if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out uint numeric))
        {
            return numeric;
        }

        nint entry = GetGroupByName(group);
        if (entry == 0)
        {
            throw new IOException($"the group '{group}' does not exist (create it with groupadd, or fix the listener's 'group')");
        }

        // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; }: gr_gid follows two pointers.
        return (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
    }

    [DllImport(Library, EntryPoint = "getgrnam", SetLastError = true)]
    private static extern nint GetGroupByName([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport(Library, EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
}
