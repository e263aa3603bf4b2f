namespace EdgeWamp.Host.Uplinks;

/// <summary>Where an uplink's connection to its upstream stands; published on <c>edgewamp.uplink.&lt;name&gt;.state</c>.</summary>
internal enum UplinkState
{
    Connecting,
    Online,
    Offline,
}
