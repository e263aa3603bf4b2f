namespace EdgeWamp.Host.Configuration;

/// <summary>
/// A link to an upstream WAMP router or MQTT broker. <see cref="Publish"/> and <see cref="Subscribe"/> are URI
/// prefixes forwarded up and down, <see cref="Register"/> and <see cref="Call"/> the same for procedures;
/// <see cref="Prefix"/> is added upstream and removed on the way down.
/// </summary>
internal sealed class UplinkConfig
{
    /// <summary>The uplink's name, unique among uplinks; used in logs and meta events.</summary>
    /// <remarks>Required.</remarks>
    public required string Name { get; set; }

    /// <summary>The upstream address: a scheme of <see cref="ConfigVocabulary.UplinkSchemes"/>, a host and a port.</summary>
    /// <remarks>Required. <c>rss://</c>, <c>wss://</c> and <c>mqtts://</c> use TLS.</remarks>
    public required string Url { get; set; }

    /// <summary>The upstream realm to join.</summary>
    /// <remarks>Defaults to none; required for WAMP uplinks, unused for MQTT.</remarks>
    public string? Realm { get; set; }

    /// <summary>How the router authenticates upstream.</summary>
    /// <remarks>Defaults to none (anonymous).</remarks>
    public UplinkAuthenticationConfig? Authentication { get; set; }

    /// <summary>Added to URIs (or MQTT topics) upstream and removed from what comes down.</summary>
    /// <remarks>Defaults to the empty string: URIs are forwarded unchanged.</remarks>
    public string Prefix { get; set; } = "";

    /// <summary>Topic prefixes whose local events are published upstream.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<string> Publish { get; set; } = [];

    /// <summary>Topic prefixes subscribed upstream and republished locally.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<string> Subscribe { get; set; } = [];

    /// <summary>Procedure prefixes of local callees registered upstream.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<string> Register { get; set; } = [];

    /// <summary>Procedure prefixes whose local calls are forwarded upstream.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<string> Call { get; set; } = [];

    /// <summary>Topic prefixes whose events are queued while the uplink is down and sent on reconnect.</summary>
    /// <remarks>Defaults to none: events published while disconnected are dropped.</remarks>
    public IReadOnlyList<string> Durable { get; set; } = [];

    /// <summary>Bounds of the queue that holds <see cref="Durable"/> events while disconnected.</summary>
    /// <remarks>Defaults to the values documented on <see cref="UplinkQueueConfig"/>.</remarks>
    public UplinkQueueConfig Queue { get; set; } = new();

    /// <summary>The MQTT quality of service (0, 1 or 2) for MQTT uplinks.</summary>
    /// <remarks>Defaults to 1 (at least once), so a flaky link loses no readings; unused for WAMP.</remarks>
    public int Qos { get; set; } = 1;

    /// <summary>The local realm the uplink joins (router-internal method "trusted") to pick up and deliver events and calls.</summary>
    /// <remarks>Defaults to the first configured realm.</remarks>
    public string? LocalRealm { get; set; }

    /// <summary>The role of <see cref="LocalRealm"/> the uplink's local session gets; it needs the rights the rules use.</summary>
    /// <remarks>Defaults to none: the built-in role "trusted", allowed everything.</remarks>
    public string? LocalAuthrole { get; set; }

    /// <summary>The longest wait, in seconds, between reconnect attempts (exponential backoff with jitter up to this).</summary>
    /// <remarks>Defaults to 30.</remarks>
    public int MaxBackoffSeconds { get; set; } = 30;

    /// <summary>MQTT uplinks: the protocol version, "3.1.1" or "5".</summary>
    /// <remarks>Defaults to "3.1.1", which every broker speaks; unused for WAMP.</remarks>
    public string MqttVersion { get; set; } = "3.1.1";

    /// <summary>MQTT uplinks: "json" (kwargs, or the arguments, as JSON) or "raw" (a single string or binary argument as bytes).</summary>
    /// <remarks>Defaults to "json"; unused for WAMP.</remarks>
    public string Payload { get; set; } = "json";
}
