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

    [LoggerMessage(3009, LogLevel.Information, "Serving WAMP on serial {Device} (framing {Framing}; {Serializers}), max message {MaxMessageSize} bytes")]
    public static partial void SerialListening(this ILogger logger, string device, string framing, string serializers, int maxMessageSize);

    [LoggerMessage(3010, LogLevel.Information, "Serial device {Device} opened at {Baud} baud, {DataBits} data bits, parity {Parity}, {StopBits} stop bits, flow control {FlowControl}")]
    public static partial void SerialDeviceOpened(this ILogger logger, string device, int baud, int dataBits, string parity, int stopBits, string flowControl);

    [LoggerMessage(3011, LogLevel.Information, "Serial device {Device} is gone; it is opened again when it comes back")]
    public static partial void SerialDeviceGone(this ILogger logger, string device);

    [LoggerMessage(3012, LogLevel.Warning, "Serial device {Device} cannot be opened yet: {Problem}")]
    public static partial void SerialDeviceUnavailable(this ILogger logger, string device, string problem);

    [LoggerMessage(3013, LogLevel.Debug, "Link {Peer}: session ended ({Reason})")]
    public static partial void SerialSessionEnded(this ILogger logger, string peer, string reason);

    [LoggerMessage(3014, LogLevel.Debug, "Link {Peer}: a frame was lost to line noise and dropped")]
    public static partial void SerialFrameDropped(this ILogger logger, string peer);

    [LoggerMessage(3015, LogLevel.Information, "Link {Peer}: {Reason}; waiting for the device's next handshake")]
    public static partial void SerialLinkFailed(this ILogger logger, string peer, string reason);

    [LoggerMessage(3016, LogLevel.Error, "Serial link {Device} failed unexpectedly")]
    public static partial void SerialLinkError(this ILogger logger, string device, Exception exception);

    [LoggerMessage(3017, LogLevel.Debug, "Serial {Device}: a line longer than {MaxLineLength} bytes was dropped")]
    public static partial void SerialLineTooLong(this ILogger logger, string device, int maxLineLength);

    [LoggerMessage(3018, LogLevel.Error, "Serial {Device}: the line handler failed")]
    public static partial void SerialLineHandlerFailed(this ILogger logger, string device, Exception exception);

    // 3100-3149: TLS, HTTP and WebSocket on TCP listeners.
    [LoggerMessage(3100, LogLevel.Information, "Serving WAMP WebSocket on {Url} beside RawSocket ({Protocols}), max message {MaxMessageSize} bytes")]
    public static partial void ListeningWebSocket(this ILogger logger, string url, string protocols, int maxMessageSize);

    [LoggerMessage(3101, LogLevel.Information, "HTTP request from {Peer} refused with {Status}: {Reason}")]
    public static partial void HttpRequestRefused(this ILogger logger, string peer, int status, string reason);

    [LoggerMessage(3102, LogLevel.Information, "TLS handshake with {Peer} failed: {Reason}")]
    public static partial void TlsHandshakeFailed(this ILogger logger, string peer, string reason);

    [LoggerMessage(3103, LogLevel.Information, "Listener {EndPoint} requires TLS 1.2 or 1.3 (certificate {Subject}, client certificates {ClientCertificates})")]
    public static partial void ListeningTls(this ILogger logger, string endPoint, string subject, string clientCertificates);
}
