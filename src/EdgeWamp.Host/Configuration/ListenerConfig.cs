using System.Text.Json.Serialization;

namespace EdgeWamp.Host.Configuration;

/// <summary>
/// One endpoint clients connect to. Exactly one of <see cref="Tcp"/>, <see cref="Unix"/> and
/// <see cref="Serial"/> says which transport it is.
/// </summary>
internal sealed class ListenerConfig
{
    /// <summary>The TCP endpoint as <c>host:port</c>: an IPv4 address, <c>[IPv6]</c>, <c>localhost</c> or <c>*</c>.</summary>
    /// <remarks>Defaults to none. Parse it with <see cref="TcpEndpoint.TryParse"/>.</remarks>
    public string? Tcp { get; set; }

    /// <summary>
    /// When set, the TCP listener also accepts WebSocket upgrades on <see cref="WebSocketConfig.Path"/>, beside
    /// RawSocket (the first byte tells them apart: RawSocket's handshake starts with 0x7F, HTTP with a letter).
    /// </summary>
    /// <remarks>Defaults to none: RawSocket only. Only valid with <see cref="Tcp"/>.</remarks>
    [JsonPropertyName("websocket")]
    public WebSocketConfig? WebSocket { get; set; }

    /// <summary>TLS for this TCP listener: RawSocket and WebSocket clients then connect with TLS 1.2 or 1.3.</summary>
    /// <remarks>Defaults to none: plain TCP. Only valid with <see cref="Tcp"/>.</remarks>
    public TlsConfig? Tls { get; set; }

    /// <summary>The Unix domain socket path.</summary>
    /// <remarks>
    /// Defaults to none. A relative path is resolved against the runtime directory by
    /// <see cref="RuntimePaths.ResolveUnixSocketPath(string)"/>.
    /// </remarks>
    public string? Unix { get; set; }

    /// <summary>The Unix socket's file mode, as an octal string.</summary>
    /// <remarks>
    /// Defaults to <c>"0660"</c>: owner and group may connect, others may not. Security: the socket
    /// admits whoever can open it, so widen this only on purpose. Used only with <see cref="Unix"/>.
    /// </remarks>
    public string Mode { get; set; } = "0660";

    /// <summary>The group the Unix socket file is given (by name, or a numeric id), so that its members may connect.</summary>
    /// <remarks>
    /// Defaults to none: the router's own group. A group that does not exist stops the router at start with a clear
    /// error. Used only with <see cref="Unix"/>; pair it with <see cref="Mode"/> <c>"0660"</c>.
    /// </remarks>
    public string? Group { get; set; }

    /// <summary>The most messages per second each connection of this listener may send (docs/limits.md).</summary>
    /// <remarks>Defaults to none: no limit. Only valid with <see cref="Tcp"/> or <see cref="Unix"/>.</remarks>
    public RateLimitConfig? RateLimit { get; set; }

    /// <summary>The serial device, for example <c>/dev/ttyUSB0</c>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? Serial { get; set; }

    /// <summary>The serial line speed in bits per second.</summary>
    /// <remarks>Defaults to 115200, the usual speed of USB serial adapters and microcontroller UARTs.</remarks>
    public int Baud { get; set; } = 115200;

    /// <summary>How WAMP messages are framed on the serial line: one of <see cref="ConfigVocabulary.Framings"/>.</summary>
    /// <remarks>
    /// Defaults to <c>"rawsocket"</c>. Use <c>"cobs"</c> on noisy lines: RawSocket cannot resynchronize
    /// after a corrupted frame. <c>"line"</c> is not WAMP: the device prints text lines, bridged by <see cref="Line"/>.
    /// Used only with <see cref="Serial"/> (docs/serial.md).
    /// </remarks>
    public string Framing { get; set; } = ConfigVocabulary.FramingRawSocket;

    /// <summary>Data bits per character on the serial line, 5 to 8.</summary>
    /// <remarks>Defaults to 8. Used only with <see cref="Serial"/>.</remarks>
    public int DataBits { get; set; } = 8;

    /// <summary>The serial line's parity: one of <see cref="ConfigVocabulary.Parities"/>.</summary>
    /// <remarks>Defaults to <c>"none"</c>. Used only with <see cref="Serial"/>.</remarks>
    public string Parity { get; set; } = ConfigVocabulary.ParityNone;

    /// <summary>Stop bits per character on the serial line, 1 or 2.</summary>
    /// <remarks>Defaults to 1. Used only with <see cref="Serial"/>.</remarks>
    public int StopBits { get; set; } = 1;

    /// <summary>Hardware flow control on the serial line: one of <see cref="ConfigVocabulary.FlowControls"/>.</summary>
    /// <remarks>Defaults to <c>"none"</c>. Used only with <see cref="Serial"/>.</remarks>
    public string FlowControl { get; set; } = ConfigVocabulary.FlowControlNone;

    /// <summary>
    /// Milliseconds without anything received from a RawSocket peer (TCP, Unix socket or serial device) before the
    /// router sends it a RawSocket PING; 0 turns pings off.
    /// </summary>
    /// <remarks>Defaults to 30000. Not used by the serial <c>line</c> framing.</remarks>
    public int PingIntervalMs { get; set; } = 30_000;

    /// <summary>Milliseconds a peer has to answer a PING before its session is ended as silent (its registrations go).</summary>
    /// <remarks>Defaults to 10000.</remarks>
    public int PingTimeoutMs { get; set; } = 10_000;

    /// <summary>The line bridge: how a device that prints text lines is turned into publications.</summary>
    /// <remarks>Defaults to none. Required with <c>"framing": "line"</c>, and only valid with it.</remarks>
    public LineBridgeConfig? Line { get; set; }

    /// <summary>The authentication methods clients of this listener may use.</summary>
    /// <remarks>Required and non-empty: which doors are open is a decision, not a default.</remarks>
    public required IReadOnlyList<string> AuthMethods { get; set; }

    /// <summary>The WAMP serializers this listener accepts: items of <see cref="ConfigVocabulary.Serializers"/>.</summary>
    /// <remarks>Defaults to all three: <c>json</c>, <c>msgpack</c> and <c>cbor</c>.</remarks>
    public IReadOnlyList<string> Serializers { get; set; } =
        [ConfigVocabulary.SerializerJson, ConfigVocabulary.SerializerMsgPack, ConfigVocabulary.SerializerCbor];
}
