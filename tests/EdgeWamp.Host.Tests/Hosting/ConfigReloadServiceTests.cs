using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeWamp.Host.Tests.Hosting;

public sealed class ConfigReloadServiceTests
{
    private const string Running = """
        {
          "realms": [ { "name": "realm1", "roles": [ { "name": "anonymous" } ] } ],
          "authentication": { "anonymous": [ { "realm": "realm1", "role": "anonymous" } ] },
          "listeners": [ { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"] } ]
        }
        """;

    private static ConfigReloadService Service(TempFile file) =>
        new(new RunOptions(file.Path), ConfigLoader.LoadFile(file.Path).Config!, NullLogger<ConfigReloadService>.Instance);

    [Fact]
    public void Reload_FileUnchanged_FindsNothingToRestartFor()
    {
        using var file = new TempFile(Running);

        Assert.Empty(Service(file).Reload());
    }

    [Fact]
    public void Reload_ListenerAdded_ReportsItAgainstTheRunningConfiguration()
    {
        using var file = new TempFile(Running);
        ConfigReloadService service = Service(file);

        File.WriteAllText(file.Path, Running.Replace("\"authMethods\": [\"anonymous\"] }", "\"authMethods\": [\"anonymous\"] }, { \"tcp\": \"127.0.0.1:9\", \"authMethods\": [\"anonymous\"] }", StringComparison.Ordinal));

        Assert.Equal(["listener tcp 127.0.0.1:9 added"], service.Reload());
        // Nothing was applied: the same change is still pending on the next reload.
        Assert.Equal(["listener tcp 127.0.0.1:9 added"], service.Reload());
    }

    [Fact]
    public void Reload_InvalidFile_IsIgnored()
    {
        using var file = new TempFile(Running);
        ConfigReloadService service = Service(file);

        File.WriteAllText(file.Path, "{ \"realms\": [");

        Assert.Empty(service.Reload());
    }

    [Fact]
    public void Reload_RolesChanged_AppliesThemToTheRouterAndReportsNoRestart()
    {
        using var file = new TempFile(Running);
        EdgeWampConfig running = ConfigLoader.LoadFile(file.Path).Config!;
        using Router.WampRouter router = RouterFactory.Create(running, NullLogger<Router.WampRouter>.Instance);
        var service = new ConfigReloadService(new RunOptions(file.Path), running, NullLogger<ConfigReloadService>.Instance, router);

        File.WriteAllText(file.Path, Running
            .Replace("""{ "name": "anonymous" }""", """{ "name": "anonymous" }, { "name": "guest", "permissions": [ { "uri": "sensors.", "match": "prefix", "allow": ["subscribe"] } ] }""", StringComparison.Ordinal)
            .Replace("""{ "realm": "realm1", "role": "anonymous" }""", """{ "realm": "realm1", "role": "guest" }""", StringComparison.Ordinal));

        Assert.Empty(service.Reload());
        Assert.Equal("guest", router.FindRealm("realm1"u8)!.AnonymousRole);
        // Applied, so a second reload finds nothing left to do.
        Assert.Empty(service.Reload());
    }

    [Fact]
    public void Reload_RealmEventHistoryChanged_StillNeedsARestart()
    {
        using var file = new TempFile(Running);
        EdgeWampConfig running = ConfigLoader.LoadFile(file.Path).Config!;
        using Router.WampRouter router = RouterFactory.Create(running, NullLogger<Router.WampRouter>.Instance);
        var service = new ConfigReloadService(new RunOptions(file.Path), running, NullLogger<ConfigReloadService>.Instance, router);

        File.WriteAllText(file.Path, Running.Replace("""{ "name": "realm1",""", """{ "name": "realm1", "eventHistory": 4,""", StringComparison.Ordinal));

        Assert.Equal(["realm 'realm1' changed"], service.Reload());
    }
}
