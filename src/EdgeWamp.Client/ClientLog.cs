using Microsoft.Extensions.Logging;

namespace EdgeWamp.Client;

/// <summary>The client's log events (range 6000).</summary>
internal static partial class ClientLog
{
    [LoggerMessage(6000, LogLevel.Warning, "The router sent a message that does not decode ({Status}); closing the session")]
    public static partial void UndecodableMessage(ILogger logger, string status);

    [LoggerMessage(6001, LogLevel.Warning, "An event handler for {Topic} failed")]
    public static partial void EventHandlerFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(6002, LogLevel.Warning, "An invocation handler failed; answering wamp.error.runtime_error")]
    public static partial void InvocationHandlerFailed(ILogger logger, Exception exception);
}
