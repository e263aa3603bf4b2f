namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    // MQTT 3.1.1 section 4.3: quality of service levels 0, 1 and 2.
    private const int MaxMqttQos = 2;

    /// <summary>Values of <see cref="UplinkQueueConfig.Fsync"/>.</summary>
    private static readonly IReadOnlyList<string> UplinkFsyncPolicies = ["always", "batch", "never"];

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

        if (!UplinkFsyncPolicies.Contains(uplink.Queue.Fsync))
        {
            Error($"{path}.queue.fsync", $"unknown fsync policy '{uplink.Queue.Fsync}'; expected one of: {string.Join(", ", UplinkFsyncPolicies)}");
        }

        if (uplink.Queue.Directory is { Length: 0 })
        {
            Error($"{path}.queue.directory", "the queue directory must not be empty; leave it out for the default");
        }

        if (uplink.MaxBackoffSeconds < 1)
        {
            Error($"{path}.maxBackoffSeconds", $"{uplink.MaxBackoffSeconds} is out of range; wait at least 1 second between reconnects");
        }

        CheckNoLoop(uplink, path);
        if (isMqtt)
        {
            CheckMqtt(uplink, path);
        }

        if (uplink.Qos is < 0 or > MaxMqttQos)
        {
            Error($"{path}.qos", $"{uplink.Qos} is out of range; MQTT QoS is 0, 1 or 2");
        }
    }

    /// <summary>
    /// A procedure both registered upstream (<c>register</c>) and proxied upstream (<c>call</c>) would call itself around
    /// the link forever: such overlapping prefixes are refused.
    /// </summary>
    private void CheckNoLoop(UplinkConfig uplink, string path)
    {
        for (var i = 0; i < uplink.Call.Count; i++)
        {
            foreach (string register in uplink.Register)
            {
                string call = uplink.Call[i];
                if (call.StartsWith(register, StringComparison.Ordinal) || register.StartsWith(call, StringComparison.Ordinal))
                {
                    Error($"{path}.call[{i}]", $"'{call}' overlaps the register prefix '{register}': a call would loop through the upstream and back");
                }
            }
        }
    }

    /// <summary>MQTT carries events only; its version and payload mode have fixed vocabularies.</summary>
    private void CheckMqtt(UplinkConfig uplink, string path)
    {
        if (uplink.Register.Count > 0)
        {
            Error($"{path}.register", "an MQTT uplink carries events only; 'register' needs a WAMP upstream");
        }

        if (uplink.Call.Count > 0)
        {
            Error($"{path}.call", "an MQTT uplink carries events only; 'call' needs a WAMP upstream");
        }

        if (uplink.MqttVersion is not ("3.1.1" or "5"))
        {
            Error($"{path}.mqttVersion", $"unknown MQTT version '{uplink.MqttVersion}'; expected 3.1.1 or 5");
        }

        if (uplink.Payload is not ("json" or "raw"))
        {
            Error($"{path}.payload", $"unknown payload mode '{uplink.Payload}'; expected json or raw");
        }
    }

    /// <summary>Each WAMP uplink's <c>localRealm</c> names a configured realm (by default the first, so one must exist).</summary>
    private void CheckUplinkLocalRealms(IReadOnlyList<UplinkConfig> uplinks, IReadOnlyList<RealmConfig> realms)
    {
        for (var i = 0; i < uplinks.Count; i++)
        {
            UplinkConfig uplink = uplinks[i];
            if (uplink.LocalRealm is { } localRealm)
            {
                if (!realms.Any(realm => realm.Name == localRealm))
                {
                    Error($"$.uplinks[{i}].localRealm", $"no realm named '{localRealm}' is configured");
                }
            }
            else if (realms.Count == 0)
            {
                Error($"$.uplinks[{i}]", "an uplink needs a local realm, and none is configured");
            }
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
