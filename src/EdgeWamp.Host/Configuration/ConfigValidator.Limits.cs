namespace EdgeWamp.Host.Configuration;

/// <summary>The limits beyond message and outbox size (docs/limits.md), and the listener settings that bound clients.</summary>
internal sealed partial class ConfigValidator
{
    /// <summary>One hour: a longer HELLO or handshake timeout leaves idle connections holding places for no reason.</summary>
    private const int MaxTimeoutMs = 3_600_000;

    // A group name as groupadd(8) accepts it (a conservative subset), or a numeric group id.
    private static readonly System.Text.RegularExpressions.Regex GroupName = new("^([a-z_][a-z0-9_-]*\\$?|[0-9]+)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private void CheckSessionLimits(LimitsConfig limits)
    {
        if (limits.MaxSessionsPerRealm < 1)
        {
            Error("$.limits.maxSessionsPerRealm", $"{limits.MaxSessionsPerRealm} is out of range; at least 1 session per realm is needed");
        }

        if (limits.MaxPendingCalls < 1)
        {
            Error("$.limits.maxPendingCalls", $"{limits.MaxPendingCalls} is out of range; at least 1 call in flight per session is needed");
        }

        if (!LimitsConfig.SlowConsumerPolicies.Contains(limits.SlowConsumer))
        {
            Error("$.limits.slowConsumer", $"unknown slow-consumer policy '{limits.SlowConsumer}'; expected one of: {string.Join(", ", LimitsConfig.SlowConsumerPolicies)}");
        }

        CheckTimeout(limits.HelloTimeoutMs, "$.limits.helloTimeoutMs");
        CheckTimeout(limits.HandshakeTimeoutMs, "$.limits.handshakeTimeoutMs");
    }

    private void CheckTimeout(int milliseconds, string path)
    {
        if (milliseconds is < 1 or > MaxTimeoutMs)
        {
            Error(path, $"{milliseconds} is out of range; a timeout is 1 to {MaxTimeoutMs} milliseconds");
        }
    }

    private void CheckListenerLimits(IReadOnlyList<ListenerConfig> listeners)
    {
        for (var i = 0; i < listeners.Count; i++)
        {
            ListenerConfig listener = listeners[i];
            string path = $"$.listeners[{i}]";
            if (listener.Group is { } group)
            {
                if (listener.Unix is null)
                {
                    Error($"{path}.group", "'group' is only valid on a 'unix' listener");
                }
                else if (!GroupName.IsMatch(group))
                {
                    Error($"{path}.group", $"'{group}' is not a group name (lowercase letters, digits, '_' and '-') or a numeric group id");
                }
            }

            if (listener.RateLimit is { } rate)
            {
                if (listener.Tcp is null && listener.Unix is null)
                {
                    Error($"{path}.rateLimit", "'rateLimit' is only valid on a 'tcp' or 'unix' listener");
                }

                if (!double.IsFinite(rate.MessagesPerSecond) || rate.MessagesPerSecond <= 0)
                {
                    Error($"{path}.rateLimit.messagesPerSecond", $"{rate.MessagesPerSecond} is out of range; a rate is a positive number of messages per second");
                }

                if (rate.Burst is < 1)
                {
                    Error($"{path}.rateLimit.burst", $"{rate.Burst} is out of range; a burst is at least 1 message");
                }
            }
        }
    }
}
