using System.Net;
using EdgeWamp.Protocol.RawSocket;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports;

/// <summary>Transport log events, 3000-3999 (STYLE.md, "Logging").</summary>
internal static partial class TransportLog
{
    [LoggerMessage(3000, LogLevel.Information, "Listening for WAMP RawSocket on {EndPoint} ({Serializers}), max message {MaxMessageSize} bytes")]
    public static partial void Listening(this ILogger logger, string endPoint, string serializers, int maxMessageSize);

    [LoggerMessage(3001, LogLevel.Debug, "Connection from {Peer} opened with serializer {Serializer}")]
    public static partial void ConnectionOpened(this ILogger logger, string peer, string serializer);

    [LoggerMessage(3002, LogLevel.Debug, "Connection from {Peer} closed")]
    public static partial void ConnectionClosed(this ILogger logger, string peer);

    [LoggerMessage(3003, LogLevel.Information, "Connection from {Peer} refused in the handshake: {Reason}")]
    public static partial void HandshakeRefused(this ILogger logger, string peer, string reason);

    [LoggerMessage(3004, LogLevel.Information, "Connection from {Peer} failed: {Reason}")]
    public static partial void ConnectionFailed(this ILogger logger, string peer, string reason);

    [LoggerMessage(3005, LogLevel.Debug, "Connection from {Peer} ended abruptly")]
    public static partial void ConnectionReset(this ILogger logger, string peer, Exception exception);

    [LoggerMessage(3006, LogLevel.Error, "Accepting connections on {EndPoint} failed")]
    public static partial void AcceptFailed(this ILogger logger, EndPoint endPoint, Exception exception);

    [LoggerMessage(3007, LogLevel.Error, "Connection from {Peer} failed unexpectedly")]
    public static partial void ConnectionError(this ILogger logger, string peer, Exception exception);

    [LoggerMessage(3008, LogLevel.Debug, "Connection from {Peer}: handshake error {Error}")]
    public static partial void HandshakeError(this ILogger logger, string peer, HandshakeError error);
}
