using EdgeWamp.Host.Cli;
using Xunit;

namespace EdgeWamp.Host.Tests.Cli;

public sealed class VersionInfoTests
{
    [Fact]
    public void Version_InformationalVersion_StartsWithTheAssemblyVersion()
    {
        var assemblyVersion = typeof(VersionInfo).Assembly.GetName().Version!;

        Assert.StartsWith($"{assemblyVersion.Major}.{assemblyVersion.Minor}.{assemblyVersion.Build}", VersionInfo.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_IsTheProgramNameAndVersion()
    {
        Assert.Equal($"edgewamp {VersionInfo.Version}", VersionInfo.Text);
    }
}
