using EdgeWamp.Host.Cli;
using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Cli;

public sealed class ConfigSelectionTests
{
    [Fact]
    public void ChooseConfigFile_ExplicitPath_WinsWithoutLookingAtTheDisk()
    {
        var chosen = ConfigSelection.ChooseConfigFile("/srv/edge.json", _ => throw new InvalidOperationException("must not be asked"));

        Assert.Equal("/srv/edge.json", chosen);
    }

    [Fact]
    public void ChooseConfigFile_NoPathAndSystemFileExists_UsesTheSystemFile()
    {
        var asked = new List<string>();

        var chosen = ConfigSelection.ChooseConfigFile(null, path =>
        {
            asked.Add(path);
            return true;
        });

        Assert.Equal("/etc/edgewamp/config.json", chosen);
        Assert.Equal(["/etc/edgewamp/config.json"], asked);
    }

    [Fact]
    public void ChooseConfigFile_NoPathAndNoSystemFile_ChoosesTheEmbeddedDefault()
    {
        Assert.Null(ConfigSelection.ChooseConfigFile(null, _ => false));
    }

    [Fact]
    public void LoadForRun_ExplicitMissingFile_IsAnErrorNotTheDefault()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgewamp-missing-{Guid.NewGuid():N}.json");

        var result = ConfigSelection.LoadForRun(path);

        Assert.False(result.IsValid);
        Assert.Equal("no such file", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void LoadForRun_ExplicitFile_LoadsIt()
    {
        using var file = new TempFile("""{ "board": "rpi5", "realms": [ { "name": "edge" } ] }""");

        var result = ConfigSelection.LoadForRun(file.Path);

        Assert.True(result.IsValid);
        Assert.Equal("rpi5", result.Config.Board);
        Assert.Equal(file.Path, result.Source);
    }

    [Fact]
    public void LoadForRun_NoPathOnAMachineWithoutTheSystemFile_LoadsTheEmbeddedDefault()
    {
        // The test machine has no /etc/edgewamp; if it ever does, this test says so instead of passing by luck.
        Assert.False(File.Exists(ConfigSelection.DefaultConfigPath), "a real /etc/edgewamp/config.json exists on this machine");

        var result = ConfigSelection.LoadForRun(null);

        Assert.True(result.IsValid);
        Assert.Equal(ConfigLoader.DefaultSourceName, result.Source);
    }
}
