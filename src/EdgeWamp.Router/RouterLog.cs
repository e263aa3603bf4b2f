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
}
