namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    // MQTT 3.1.1 section 4.3: quality of service levels 0, 1 and 2.
    private const int MaxMqttQos = 2;

    private void CheckUplinks(IReadOnlyList<UplinkConfig> uplinks)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < uplinks.Count; i++)
        {
            var uplink = uplinks[i];
            var path = $"$.uplinks[{i}]";
            if (string.IsNullOrWhiteSpace(uplink.Name))
            {
                Error($"{path}.name", "an uplink name must not be empty");
            }
            else if (!names.Add(uplink.Name))
            {
                Error($"{path}.name", $"duplicate uplink name '{uplink.Name}'");
            }

            CheckUplink(uplink, path);
        }
    }

    private void CheckUplink(UplinkConfig uplink, string path)
    {
        var isMqtt = false;
        if (!Uri.TryCreate(uplink.Url, UriKind.Absolute, out var url)
            || !ConfigVocabulary.UplinkSchemes.Contains(url.Scheme)
            || url.Host.Length == 0)
        {
            Error($"{path}.url", $"'{uplink.Url}' is not a URL of the form scheme://host:port with a scheme of: {string.Join(", ", ConfigVocabulary.UplinkSchemes)}");
        }
        else
        {
            isMqtt = ConfigVocabulary.MqttSchemes.Contains(url.Scheme);
        }

        if (!isMqtt)
        {
            if (uplink.Realm is null)
            {
                Error($"{path}.realm", "a WAMP uplink needs the upstream 'realm' to join");
            }
            else if (WampUriRules.CheckRealmName(uplink.Realm) is { } problem)
            {
                Error($"{path}.realm", problem);
            }
        }

        if (uplink.Authentication is { } authentication && !ConfigVocabulary.AuthMethods.Contains(authentication.Method))
        {
            Error($"{path}.authentication.method", $"unknown authentication method '{authentication.Method}'; expected one of: {string.Join(", ", ConfigVocabulary.AuthMethods)}");
        }

        CheckPrefixes(uplink.Publish, $"{path}.publish");
        CheckPrefixes(uplink.Subscribe, $"{path}.subscribe");
        CheckPrefixes(uplink.Register, $"{path}.register");
        CheckPrefixes(uplink.Call, $"{path}.call");
        CheckPrefixes(uplink.Durable, $"{path}.durable");
        for (var i = 0; i < uplink.Durable.Count; i++)
        {
            var durable = uplink.Durable[i];
            if (!uplink.Publish.Any(publish => durable.StartsWith(publish, StringComparison.Ordinal)))
            {
                Error($"{path}.durable[{i}]", $"'{durable}' is not published upstream; add it, or a prefix of it, to 'publish'");
            }
        }

        if (uplink.Queue.MaxBytes < 1)
        {
            Error($"{path}.queue.maxBytes", $"{uplink.Queue.MaxBytes} is out of range; the queue needs at least 1 byte");
        }

        if (uplink.Queue.MaxAgeSeconds < 1)
        {
            Error($"{path}.queue.maxAgeSeconds", $"{uplink.Queue.MaxAgeSeconds} is out of range; events must be kept at least 1 second");
        }

        if (uplink.Qos is < 0 or > MaxMqttQos)
        {
            Error($"{path}.qos", $"{uplink.Qos} is out of range; MQTT QoS is 0, 1 or 2");
        }
    }

    private void CheckPrefixes(IReadOnlyList<string> prefixes, string path)
    {
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (WampUriRules.CheckPattern(prefixes[i], ConfigVocabulary.MatchPrefix) is { } problem)
            {
                Error($"{path}[{i}]", problem);
            }
        }
    }
}
