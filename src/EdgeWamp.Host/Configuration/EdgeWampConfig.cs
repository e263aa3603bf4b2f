namespace EdgeWamp.Host.Configuration;

/// <summary>
/// The router's whole configuration: the root object of <c>/etc/edgewamp/config.json</c>.
/// </summary>
/// <remarks>
/// The JSON names are a contract (see docs/DESIGN.md, "Configuration"): extend the shape, never rename it.
/// Load it through <see cref="ConfigLoader"/>, which validates everything and reports every error at once.
/// </remarks>
internal sealed class EdgeWampConfig
{
    /// <summary>The board whose sensors and pins become topics and procedures.</summary>
    /// <remarks>Defaults to <c>"sim"</c>, the simulated board that runs on any machine.</remarks>
    public string Board { get; set; } = "sim";

    /// <summary>The realms the router serves; at least one is required.</summary>
    /// <remarks>Defaults to none, which fails validation: a router without a realm admits no one.</remarks>
    public IReadOnlyList<RealmConfig> Realms { get; set; } = [];

    /// <summary>Who may join which realm, per authentication method.</summary>
    /// <remarks>Defaults to no entries for any method, so no client can join.</remarks>
    public AuthenticationConfig Authentication { get; set; } = new();

    /// <summary>The endpoints clients connect to.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<ListenerConfig> Listeners { get; set; } = [];

    /// <summary>Links to upstream WAMP routers or MQTT brokers.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<UplinkConfig> Uplinks { get; set; } = [];

    /// <summary>Resource bounds that keep a small board alive under load.</summary>
    /// <remarks>Defaults to the values documented on <see cref="LimitsConfig"/>.</remarks>
    public LimitsConfig Limits { get; set; } = new();

    /// <summary>Pins and sensors added to the board's, and the system metrics (docs/devices.md).</summary>
    /// <remarks>Defaults to the board as it is, with system metrics on.</remarks>
    public DevicesConfig Devices { get; set; } = new();
}
