using EdgeWamp.Protocol.Codec;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Router;

/// <summary>Router log events, 2000-2999 (STYLE.md, "Logging").</summary>
internal static partial class RouterLog
{
    [LoggerMessage(2000, LogLevel.Debug, "Session {SessionId} joined realm {Realm} as {AuthId}/{AuthRole} over {Transport}")]
    public static partial void SessionJoined(this ILogger logger, ulong sessionId, string realm, string authId, string authRole, string transport);

    [LoggerMessage(2001, LogLevel.Debug, "Session {SessionId} left realm {Realm}")]
    public static partial void SessionLeft(this ILogger logger, ulong sessionId, string realm);

    [LoggerMessage(2002, LogLevel.Information, "Peer {Transport} sent a malformed message: {Status}; aborting its session")]
    public static partial void MalformedMessage(this ILogger logger, string transport, DecodeStatus status);

    [LoggerMessage(2003, LogLevel.Information, "Session {SessionId} violated the protocol: {Reason}; aborting it")]
    public static partial void ProtocolViolation(this ILogger logger, ulong sessionId, string reason);

    [LoggerMessage(2004, LogLevel.Information, "Peer {Transport} asked for unknown realm {Realm}")]
    public static partial void NoSuchRealm(this ILogger logger, string transport, string realm);

    [LoggerMessage(2005, LogLevel.Warning, "Session {SessionId} is not reading: its outbox is full ({Kind}); closing it")]
    public static partial void SlowConsumerClosed(this ILogger logger, ulong sessionId, string kind);

    [LoggerMessage(2006, LogLevel.Information, "Peer {Transport} refused: no allowed authentication method grants realm {Realm}")]
    public static partial void NoAuthMethod(this ILogger logger, string transport, string realm);

    [LoggerMessage(2007, LogLevel.Information, "Peer {Transport} refused for realm {Realm}: {Reason}")]
    public static partial void AuthenticationDenied(this ILogger logger, string transport, string realm, string reason);

    [LoggerMessage(2008, LogLevel.Information, "Peer {Transport} refused at once: too many failed authentications from its address")]
    public static partial void AuthenticationThrottled(this ILogger logger, string transport);

    [LoggerMessage(2009, LogLevel.Warning, "Authentication of {Transport} by {Method} could not complete: {Reason}")]
    public static partial void AuthenticationError(this ILogger logger, string transport, string method, string reason);

    // 2100-2119: limits (docs/limits.md).

    [LoggerMessage(2100, LogLevel.Warning, "Peer {Transport} refused: realm {Realm} already has its maximum of {Max} sessions")]
    public static partial void RealmFull(this ILogger logger, string transport, string realm, int max);

    [LoggerMessage(2101, LogLevel.Information, "Peer {Transport} sent no HELLO (or did not finish authenticating) within {TimeoutMs} ms; closing it")]
    public static partial void HelloTimedOut(this ILogger logger, string transport, double timeoutMs);

    [LoggerMessage(2102, LogLevel.Warning, "Session {SessionId} is not reading: its outbox is full; dropping events for it (counted in its DroppedEvents)")]
    public static partial void DroppingEvents(this ILogger logger, ulong sessionId);

    [LoggerMessage(2103, LogLevel.Information, "Session {SessionId} left realm {Realm} after {Dropped} events were dropped for it as a slow consumer")]
    public static partial void SessionLeftWithDrops(this ILogger logger, ulong sessionId, string realm, long dropped);

    [LoggerMessage(2150, LogLevel.Warning, "Authorizer {Procedure} gave no usable answer for session {SessionId} ({Action} {Uri}): {Reason}; denied")]
    public static partial void AuthorizerFailed(this ILogger logger, string procedure, ulong sessionId, string action, string uri, string reason);

    [LoggerMessage(2151, LogLevel.Warning, "Session {SessionId} has {Max} messages waiting behind a dynamic authorization; closing it")]
    public static partial void TooManyParkedMessages(this ILogger logger, ulong sessionId, int max);

    [LoggerMessage(2104, LogLevel.Debug, "Session {SessionId} has {Max} calls in flight: a further CALL is refused")]
    public static partial void TooManyPendingCalls(this ILogger logger, ulong sessionId, int max);
}
