using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class RuntimePathsTests
{
    private const uint Uid = 1000;

    [Fact]
    public void ResolveUnixSocketPath_AbsolutePath_IsKept()
    {
        var resolved = RuntimePaths.ResolveUnixSocketPath("/run/edgewamp/edgewamp.sock", Env(("RUNTIME_DIRECTORY", "/elsewhere")), () => Uid);

        Assert.Equal("/run/edgewamp/edgewamp.sock", resolved);
    }

    [Fact]
    public void ResolveUnixSocketPath_RelativeWithSystemdRuntimeDirectory_UsesIt()
    {
        var resolved = RuntimePaths.ResolveUnixSocketPath(
            "edgewamp.sock", Env(("RUNTIME_DIRECTORY", "/run/edgewamp"), ("XDG_RUNTIME_DIR", "/run/user/1000")), () => Uid);

        Assert.Equal("/run/edgewamp/edgewamp.sock", resolved);
    }

    [Fact]
    public void ResolveUnixSocketPath_SystemdListsSeveralDirectories_UsesTheFirst()
    {
        var resolved = RuntimePaths.ResolveUnixSocketPath("edgewamp.sock", Env(("RUNTIME_DIRECTORY", "/run/edgewamp:/run/edgewamp-extra")), () => Uid);

        Assert.Equal("/run/edgewamp/edgewamp.sock", resolved);
    }

    [Fact]
    public void ResolveUnixSocketPath_RelativeWithXdgRuntimeDir_UsesAnEdgewampSubdirectory()
    {
        var resolved = RuntimePaths.ResolveUnixSocketPath("edgewamp.sock", Env(("XDG_RUNTIME_DIR", "/run/user/1000")), () => Uid);

        Assert.Equal("/run/user/1000/edgewamp/edgewamp.sock", resolved);
    }

    [Fact]
    public void ResolveUnixSocketPath_EmptySystemdVariable_FallsBackToXdg()
    {
        var resolved = RuntimePaths.ResolveUnixSocketPath("a.sock", Env(("RUNTIME_DIRECTORY", ""), ("XDG_RUNTIME_DIR", "/run/user/7")), () => 7);

        Assert.Equal("/run/user/7/edgewamp/a.sock", resolved);
    }

    [Fact]
    public void ResolveUnixSocketPath_NoRuntimeVariables_UsesAPerUserTmpDirectory()
    {
        var resolved = RuntimePaths.ResolveUnixSocketPath("edgewamp.sock", Env(), () => 1234);

        Assert.Equal("/tmp/edgewamp-1234/edgewamp.sock", resolved);
    }

    [Fact]
    public void ResolveUnixSocketPath_RelativeWithDotSegments_IsNormalized()
    {
        var resolved = RuntimePaths.ResolveUnixSocketPath("./sub/../edgewamp.sock", Env(("RUNTIME_DIRECTORY", "/run/edgewamp")), () => Uid);

        Assert.Equal("/run/edgewamp/edgewamp.sock", resolved);
    }

    [Fact]
    public void GetUserId_ThisProcess_MatchesTheKernelsRecord()
    {
        // /proc/self/status: "Uid:\t<real>\t<effective>\t<saved>\t<filesystem>".
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var realUid = uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);

        Assert.Equal(realUid, RuntimePaths.GetUserId());
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(variable => variable.Name == name).Value;
}
