using System.Net;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Transports.RawSocket;

/// <summary>Settings of one RawSocket listener (TCP or Unix domain socket).</summary>
public sealed class RawSocketListenerOptions
{
    /// <summary>An <see cref="IPEndPoint"/> or a <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/>.</summary>
    public required EndPoint EndPoint { get; init; }

    /// <summary>The serializers clients may choose in the handshake.</summary>
    /// <remarks>Defaults to JSON, MessagePack, CBOR and UBJSON.</remarks>
    public IReadOnlyList<WampSerializer> Serializers { get; init; } = [WampSerializer.Json, WampSerializer.MsgPack, WampSerializer.Cbor, WampSerializer.UbJson];

    /// <summary>The largest message the router accepts, advertised in the handshake (rounded down to a power of two, at least 512).</summary>
    /// <remarks>Defaults to 1 MiB. Unlimited input buffering is a security risk: every byte of a frame is buffered before routing.</remarks>
    public int MaxMessageSize { get; init; } = 1 << 20;

    /// <summary>Bytes queued for one slow peer before its events are dropped (and its RPC answers close it).</summary>
    /// <remarks>Defaults to 4 MiB.</remarks>
    public int MaxOutboxBytes { get; init; } = 4 << 20;

    /// <summary>Connections beyond this count are refused in the handshake ("maximum connection count reached").</summary>
    /// <remarks>Defaults to 10,000.</remarks>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>How long a new connection may take to send its 4-octet handshake.</summary>
    /// <remarks>Defaults to 10 seconds.</remarks>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After this long without a frame from the peer, the router sends a RawSocket PING; zero turns liveness checks off.</summary>
    /// <remarks>Defaults to 30 seconds.</remarks>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A peer that sends nothing (not even the PONG) for this long after a PING is gone: its connection is closed.</summary>
    /// <remarks>Defaults to 10 seconds.</remarks>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a closing connection may take to send what is queued for it before it is cut off.</summary>
    /// <remarks>Defaults to 2 seconds.</remarks>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The Unix socket file's mode (e.g. 0660), applied after binding; null keeps the process umask.</summary>
    public UnixFileMode? UnixFileMode { get; init; }

    /// <summary>The group the Unix socket file is given after binding (a name or a numeric id); null keeps the process's group.</summary>
    /// <remarks>Defaults to null. A group that does not exist fails <see cref="RawSocketListener.Start"/> with an <see cref="IOException"/>.</remarks>
    public string? UnixGroup { get; init; }

    /// <summary>
    /// The count of open connections this listener shares with the router's other listeners (<c>limits.maxSessions</c>);
    /// a handshake when it is full is refused with "maximum connection count reached".
    /// </summary>
    /// <remarks>Defaults to null: the listener counts alone, up to <see cref="MaxConnections"/>.</remarks>
    public ConnectionLimit? ConnectionLimit { get; init; }

    /// <summary>The most messages per second each connection may send; beyond it the router stops reading from it for a while (TCP backpressure).</summary>
    /// <remarks>Defaults to null: no limit.</remarks>
    public MessageRateLimit? RateLimit { get; init; }

    /// <summary>The clock of the rate limit's token buckets and waits.</summary>
    /// <remarks>Defaults to <see cref="TimeProvider.System"/>; tests pass a manual clock.</remarks>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// A socket that is already bound and listening, for example one inherited from systemd (socket activation,
    /// <c>LISTEN_FDS</c>): the listener accepts on it instead of binding <see cref="EndPoint"/>, and owns it.
    /// </summary>
    /// <remarks>
    /// Defaults to null: the listener binds <see cref="EndPoint"/> itself. With a socket given,
    /// <see cref="UnixFileMode"/> is not applied and a Unix socket file is left in place on dispose: whoever
    /// created it (systemd's socket unit) owns the file and its mode.
    /// </remarks>
    public System.Net.Sockets.Socket? ListeningSocket { get; init; }

    /// <summary>TLS for every connection of this listener (RawSocket and WebSocket alike); null for plain TCP.</summary>
    /// <remarks>Defaults to null.</remarks>
    public Tls.TlsListenerOptions? Tls { get; init; }

    /// <summary>
    /// When set, the listener also serves HTTP on the same port: WebSocket upgrades at <see cref="WebSocket.WebSocketListenerOptions.Path"/>.
    /// <see cref="PingInterval"/> and <see cref="PingTimeout"/> drive the WebSocket keepalive too.
    /// </summary>
    /// <remarks>Defaults to null: RawSocket only.</remarks>
    public WebSocket.WebSocketListenerOptions? WebSocket { get; init; }

    internal int AdvertisedMaxMessageSize => 1 << (RawSocketHandshake.MinLengthExponent + RawSocketHandshake.LengthExponentFor(MaxMessageSize));
}
