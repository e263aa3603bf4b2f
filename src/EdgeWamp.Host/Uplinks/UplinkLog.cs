using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Uplinks;

/// <summary>Log events of the uplinks (Host range, 5600-5649).</summary>
internal static partial class UplinkLog
{
    [LoggerMessage(5600, LogLevel.Information, "Uplink {Uplink}: {State} ({Reason})")]
    public static partial void StateChanged(ILogger logger, string uplink, string state, string reason);

    [LoggerMessage(5601, LogLevel.Warning, "Uplink {Uplink}: the queue is over its bounds; dropped the {Count} oldest messages")]
    public static partial void QueueDropped(ILogger logger, string uplink, int count);

    [LoggerMessage(5602, LogLevel.Warning, "Uplink {Uplink}: the upstream refused a queued event on {Topic} ({Error}); dropped it")]
    public static partial void QueuedEventRefused(ILogger logger, string uplink, string topic, string error);

    [LoggerMessage(5603, LogLevel.Error, "Uplink {Uplink} cannot start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string uplink, string reason);

    [LoggerMessage(5605, LogLevel.Information, "Uplink {Uplink}: the store-and-forward queue in {Directory} holds {Count} messages ({Truncated} damaged records cut off)")]
    public static partial void QueueOpened(ILogger logger, string uplink, string directory, int count, int truncated);
}
