using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace EdgeWamp.Protocol.Connections;

/// <summary>
/// What a transport knows about its peer beyond the bytes: the address (for throttling and logs), the TLS client
/// certificate and channel binding (for the <c>tls</c> and <c>cryptosign</c> authentication methods), and a cookie
/// presented in an HTTP upgrade (for the <c>cookie</c> method). Filled by the transport once, read by the router.
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

    /// <summary>The WAMP authentication cookie sent with a WebSocket upgrade request, if any.</summary>
    public string? AuthCookie { get; init; }
}
