using EdgeWamp.Host.Configuration;
using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

/// <summary>The roles the router's in-process sessions ask for must be roles of the realm each joins.</summary>
public sealed class ConfigValidatorInProcessRolesTests
{
    private const string Realms = """
        "realms": [
            { "name": "realm1", "roles": [ { "name": "device" } ] },
            { "name": "realm2", "roles": [ { "name": "bridge" } ] } ]
        """;

    [Fact]
    public void Validate_DeviceRoleOfTheDevicesRealm_IsValidAndLoaded()
    {
        EdgeWampConfig config = Valid($$"""{ {{Realms}}, "devices": { "realm": "realm1", "authrole": "device" } }""");

        Assert.Equal("device", config.Devices.Authrole);
    }

    [Fact]
    public void Validate_NoAuthroles_MeansTheBuiltInTrustedRole()
    {
        EdgeWampConfig config = Valid($$"""{ {{Realms}} }""");

        Assert.Null(config.Devices.Authrole);
    }

    [Fact]
    public void Validate_DeviceRoleOfAnotherRealm_IsReportedAtTheKey()
    {
        ConfigError error = Assert.Single(Errors($$"""{ {{Realms}}, "devices": { "realm": "realm2", "authrole": "device" } }"""));

        Assert.Equal("$.devices.authrole", error.Path);
        Assert.Equal("no role 'device' in realm 'realm2'", error.Message);
    }

    [Fact]
    public void Validate_DeviceRoleDefaultsToTheFirstRealm()
    {
        ConfigError error = Assert.Single(Errors($$"""{ {{Realms}}, "devices": { "authrole": "bridge" } }"""));

        Assert.Equal("$.devices.authrole", error.Path);
        Assert.Equal("no role 'bridge' in realm 'realm1'", error.Message);
    }

    [Fact]
    public void Validate_UplinkLocalAuthroleNotInItsLocalRealm_IsReportedAtTheKey()
    {
        ConfigError error = Assert.Single(Errors($$"""
            { {{Realms}}, "uplinks": [
                { "name": "cloud", "url": "rs://127.0.0.1:9000", "realm": "up", "localRealm": "realm2", "localAuthrole": "bridge" },
                { "name": "other", "url": "rs://127.0.0.1:9001", "realm": "up", "localAuthrole": "bridge" } ] }
            """));

        Assert.Equal("$.uplinks[1].localAuthrole", error.Path);
        Assert.Equal("no role 'bridge' in realm 'realm1'", error.Message);
    }

    [Fact]
    public void Validate_TrustedAsAListenerMethod_IsRefused()
    {
        ConfigError error = Assert.Single(Errors($$"""{ {{Realms}}, "listeners": [ { "tcp": "127.0.0.1:8080", "authMethods": ["trusted"] } ] }"""));

        Assert.StartsWith("$.listeners[0].authMethods", error.Path, StringComparison.Ordinal);
    }
}
