namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// WAMP URIs to MQTT topics and back: <c>sensors.env.temperature</c> is <c>&lt;prefix&gt;sensors/env/temperature</c>
/// (WAMP's URI components are MQTT's topic levels; the prefix is the uplink's, e.g. <c>devices/pi7/</c>).
/// </summary>
internal static class MqttTopicMapping
{
    public static string ToMqtt(string prefix, string uri) => prefix + uri.Replace('.', '/');

    /// <summary>
    /// The WAMP URI of an MQTT topic under the prefix; false for topics outside it, with empty levels, or with
    /// characters a WAMP URI component cannot hold ('.', '#', '+', whitespace).
    /// </summary>
    public static bool TryToWamp(string prefix, string topic, out string uri)
    {
        uri = "";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal) || topic.Length == prefix.Length)
        {
            return false;
        }

        string rest = topic[prefix.Length..];
        foreach (string level in rest.Split('/'))
        {
            if (level.Length == 0 || level.AsSpan().IndexOfAny(".#+ \t") >= 0)
            {
                return false;
            }
        }

        uri = rest.Replace('/', '.');
        return true;
    }

    /// <summary>The MQTT subscription filters that cover a WAMP prefix: <c>commands.</c> is <c>&lt;prefix&gt;commands/#</c>.</summary>
    public static IReadOnlyList<string> FiltersFor(string prefix, string uriPrefix)
    {
        string mapped = ToMqtt(prefix, uriPrefix);
        if (mapped.EndsWith('/'))
        {
            return [mapped + "#"];
        }

        return uriPrefix.Length == 0 ? [prefix + "#"] : [mapped, mapped + "/#"];
    }

    /// <summary>The topic of the board's availability (the last will): <c>&lt;prefix&gt;status</c>.</summary>
    public static string StatusTopic(string prefix) => prefix + "status";
}
