using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Transports.Serial;

/// <summary>Settings of one serial WAMP link: the line, the framing, and the RawSocket limits and keepalive.</summary>
public sealed class SerialListenerOptions
{
    public required SerialPortSettings Port { get; init; }

    /// <remarks>Defaults to <see cref="SerialFraming.RawSocket"/>.</remarks>
    public SerialFraming Framing { get; init; } = SerialFraming.RawSocket;

    /// <summary>The serializers a device may choose in the handshake.</summary>
    /// <remarks>Defaults to JSON, MessagePack and CBOR.</remarks>
    public IReadOnlyList<WampSerializer> Serializers { get; init; } = [WampSerializer.Json, WampSerializer.MsgPack, WampSerializer.Cbor];

    /// <summary>The largest message the router accepts, advertised in the handshake (rounded down to a power of two, at least 512).</summary>
    /// <remarks>Defaults to 1 MiB. A frame announcing more ends the session: on a serial line that is noise or a bug.</remarks>
    public int MaxMessageSize { get; init; } = 1 << 20;

    /// <summary>Bytes queued for the device before its events are dropped (and its RPC answers end the session).</summary>
    /// <remarks>Defaults to 4 MiB.</remarks>
    public int MaxOutboxBytes { get; init; } = 4 << 20;

    /// <summary>After this long with nothing received in a session, the router sends a RawSocket PING; zero turns pings off.</summary>
    /// <remarks>Defaults to 30 s.</remarks>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the device has to answer a PING (any frame counts) before its session is ended as silent.</summary>
    /// <remarks>Defaults to 10 s.</remarks>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// In the <c>rawsocket</c> framing, a frame that stops arriving for this long means the device stopped (reset) in the
    /// middle of it: the session ends and the link waits for a handshake.
    /// </summary>
    /// <remarks>Defaults to 1 s: a UART sends a frame's bytes back to back, so a pause that long is never part of one.</remarks>
    public TimeSpan FrameGapTimeout { get; init; } = TimeSpan.FromSeconds(1);

    internal int AdvertisedMaxMessageSize => 1 << (RawSocketHandshake.MinLengthExponent + RawSocketHandshake.LengthExponentFor(MaxMessageSize));
}
