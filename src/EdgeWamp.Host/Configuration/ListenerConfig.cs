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

    /// <summary>The serial device, for example <c>/dev/ttyUSB0</c>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? Serial { get; set; }

    /// <summary>The serial line speed in bits per second.</summary>
    /// <remarks>Defaults to 115200, the usual speed of USB serial adapters and microcontroller UARTs.</remarks>
    public int Baud { get; set; } = 115200;

    /// <summary>How WAMP messages are framed on the serial line: one of <see cref="ConfigVocabulary.Framings"/>.</summary>
    /// <remarks>
    /// Defaults to <c>"rawsocket"</c>. Use <c>"cobs"</c> on noisy lines: RawSocket cannot resynchronize
    /// after a corrupted frame. Used only with <see cref="Serial"/>.
    /// </remarks>
    public string Framing { get; set; } = ConfigVocabulary.FramingRawSocket;

    /// <summary>The authentication methods clients of this listener may use.</summary>
    /// <remarks>Required and non-empty: which doors are open is a decision, not a default.</remarks>
    public required IReadOnlyList<string> AuthMethods { get; set; }

    /// <summary>The WAMP serializers this listener accepts: items of <see cref="ConfigVocabulary.Serializers"/>.</summary>
    /// <remarks>Defaults to all three: <c>json</c>, <c>msgpack</c> and <c>cbor</c>.</remarks>
    public IReadOnlyList<string> Serializers { get; set; } =
        [ConfigVocabulary.SerializerJson, ConfigVocabulary.SerializerMsgPack, ConfigVocabulary.SerializerCbor];
}
