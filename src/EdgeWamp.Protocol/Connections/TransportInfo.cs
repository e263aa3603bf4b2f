using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace EdgeWamp.Protocol.Connections;

/// <summary>
/// What a transport knows about its peer beyond the bytes: the address (for throttling and logs), the TLS client
/// certificate and channel binding (for the <c>tls</c> and <c>cryptosign</c> authentication methods), and the cookies
/// presented and issued in an HTTP upgrade (for the <c>cookie</c> method). Filled by the transport once, read by the router.
/// </summary>
public sealed class TransportInfo
{
    /// <summary>For connections that carry none of this (in-process sessions, test connections).</summary>
    public static TransportInfo None { get; } = new() { Kind = TransportKind.Local };

    public required TransportKind Kind { get; init; }

    /// <summary>The peer's IP address; null for Unix sockets, serial links and in-process sessions.</summary>
    public IPAddress? RemoteAddress { get; init; }

    /// <summary>True when the bytes travel inside TLS.</summary>
    public bool IsEncrypted { get; init; }

    /// <summary>The certificate the client presented in the TLS handshake, if any (already validated by the transport).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The TLS channel binding "tls-unique" (RFC 5929), when the TLS version defines one; otherwise empty.</summary>
    public ReadOnlyMemory<byte> TlsUnique { get; init; }

    /// <summary>
    /// The WAMP authentication cookie the client presented in a WebSocket upgrade request, if any. Only ever used to
    /// authenticate by the <c>cookie</c> method, never recorded: the client may have chosen it (session fixation).
    /// </summary>
    public string? AuthCookie { get; init; }

    /// <summary>
    /// The fresh random cookie the router issued in the 101 response of this upgrade, if cookies are on. The only value
    /// the router records for a later <c>cookie</c> login.
    /// </summary>
    public string? IssuedAuthCookie { get; init; }
}
